/**
 * Java runtime exceptions that Kafka's transforms let escape (ExtractField's `IllegalArgumentException`
 * for an unknown field, HeaderFrom's `NullPointerException`, RegexRouter's replacement errors). They
 * extend `ConnectException` only so that the error reporters write the Java class name Connect would
 * (`__connect.errors.exception.class.name`); nothing catches them as Connect errors.
 */
import { ConnectException } from '../../runtime/errors.js'

/** Java's `IllegalArgumentException`. */
export class IllegalArgumentException extends ConnectException {
  static override readonly javaClassName: string = 'java.lang.IllegalArgumentException'
}

/** Java's `NullPointerException`. */
export class NullPointerException extends ConnectException {
  static override readonly javaClassName: string = 'java.lang.NullPointerException'
}

/** Java's `IndexOutOfBoundsException`. */
export class IndexOutOfBoundsException extends ConnectException {
  static override readonly javaClassName: string = 'java.lang.IndexOutOfBoundsException'
}
