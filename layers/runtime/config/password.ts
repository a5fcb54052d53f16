import { HIDDEN } from '../errors.js'

/**
 * A secret config value (Kafka's `Password`): it prints, logs and serialises as `[hidden]`; read it
 * with `value()`.
 */
export class Password {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  /** The secret itself. */
  value(): string {
    return this.#value
  }

  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value
  }

  toString(): string {
    return HIDDEN
  }

  toJSON(): string {
    return HIDDEN
  }
}
