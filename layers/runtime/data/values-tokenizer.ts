/**
 * The tokenizer of Connect's `Values` (its inner class `Values.Parser`): splits text on the
 * delimiters `: , { } [ ] "` unless a backslash escapes them, one token per delimiter and one per run
 * of text between them. Tokens keep their escapes and whitespace.
 */

/** Java's `String.trim()`: strips every character up to U+0020, and nothing else. */
export function javaTrim(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && value.charCodeAt(start) <= 0x20) start++
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

/** Kafka's `Utils.isBlank`: empty or only characters up to U+0020. */
export function isBlank(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x20) return false
  return true
}

function isDelimiter(code: number): boolean {
  // : , { } [ ] "
  return (
    code === 0x3a || code === 0x2c || code === 0x7b || code === 0x7d || code === 0x5b || code === 0x5d || code === 0x22
  )
}

export class ValuesTokenizer {
  private index = 0
  private nextToken: string | null = null
  private previousToken: string | null = null

  constructor(readonly original: string) {}

  position(): number {
    return this.index
  }

  /** Where the next token starts (a token already peeked at is not consumed). */
  mark(): number {
    return this.index - (this.nextToken !== null ? this.nextToken.length : 0)
  }

  rewindTo(position: number): void {
    this.index = position
    this.nextToken = null
    this.previousToken = null
  }

  hasNext(): boolean {
    return this.nextToken !== null || this.canConsumeNextToken()
  }

  private canConsumeNextToken(): boolean {
    return this.original.length > this.index
  }

  next(): string {
    if (this.nextToken !== null) {
      this.previousToken = this.nextToken
      this.nextToken = null
    } else {
      this.previousToken = this.consumeNextToken()
    }
    return this.previousToken
  }

  /** The text of the next `n` tokens, or null (consuming nothing) where fewer remain. */
  nextTokens(n: number): string | null {
    const start = this.mark()
    for (let i = 0; i !== n; ++i) {
      if (!this.hasNext()) {
        this.rewindTo(start)
        return null
      }
      this.next()
    }
    return this.original.substring(start, this.position())
  }

  private consumeNextToken(): string {
    let escaped = false
    const start = this.index
    const text = this.original
    while (this.index < text.length) {
      const c = text.charCodeAt(this.index)
      if (c === 0x5c) {
        escaped = !escaped
      } else if (isDelimiter(c)) {
        if (!escaped) {
          // a token ends before the delimiter, or the delimiter is the token
          if (start < this.index) return text.substring(start, this.index)
          this.index++
          return text.substring(start, start + 1)
        }
        escaped = false
      } else {
        escaped = false
      }
      this.index++
    }
    return text.substring(start, this.index)
  }

  previous(): string | null {
    return this.previousToken
  }

  /** Consumes the next token if it is `expected` (by default ignoring surrounding whitespace). */
  canConsume(expected: string, ignoreLeadingAndTrailingWhitespace = true): boolean {
    if (this.isNext(expected, ignoreLeadingAndTrailingWhitespace)) {
      this.nextToken = null
      return true
    }
    return false
  }

  private isNext(expected: string, ignoreLeadingAndTrailingWhitespace: boolean): boolean {
    if (this.nextToken === null) {
      if (!this.hasNext()) return false
      this.nextToken = this.consumeNextToken()
    }
    if (ignoreLeadingAndTrailingWhitespace) {
      // blank tokens are skipped, and lost: mark() then points past them
      while (isBlank(this.nextToken) && this.canConsumeNextToken()) this.nextToken = this.consumeNextToken()
      return javaTrim(this.nextToken) === expected
    }
    return this.nextToken === expected
  }
}
