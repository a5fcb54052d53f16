/** One `connectless` sub-command: its name, one line of help, usage text, and what it runs. */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  /** Returns the process exit code. */
  run(args: readonly string[]): Promise<number>
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
