/**
 * Java's `ClassCastException`, which Kafka's transforms let escape where a value is not of the class
 * their code casts it to (Flatten's map keys, Cast's logical values), with the JVM's message.
 */
import { javaClassName } from '../runtime/data/java-objects.js'
import type { Schema } from '../runtime/data/schema.js'
import { ConnectException } from '../runtime/errors.js'

/** Java's `ClassCastException`. */
export class ClassCastException extends ConnectException {
  static override readonly javaClassName: string = 'java.lang.ClassCastException'
}

/** Where the JVM says a class comes from: Java's own classes from `java.base`, Kafka's from the app loader. */
function moduleOf(className: string): string {
  return className.startsWith('java.') || className.startsWith('[')
    ? "module java.base of loader 'bootstrap'"
    : "unnamed module of loader 'app'"
}

/**
 * The exception Java throws casting `value` to `targetClass`:
 * `class java.lang.Integer cannot be cast to class java.lang.String (java.lang.Integer and java.lang.String are in module java.base of loader 'bootstrap')`.
 */
export function classCastException(
  value: unknown,
  targetClass: string,
  schema: Schema | null = null,
): ClassCastException {
  const source = javaClassName(schema, value)
  const sourceModule = moduleOf(source)
  const targetModule = moduleOf(targetClass)
  const where =
    sourceModule === targetModule
      ? `${source} and ${targetClass} are in ${sourceModule}`
      : `${source} is in ${sourceModule}; ${targetClass} is in ${targetModule}`
  return new ClassCastException(`class ${source} cannot be cast to class ${targetClass} (${where})`)
}
