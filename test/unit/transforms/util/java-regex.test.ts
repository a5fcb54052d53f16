// Java regular expressions on JavaScript's engine. The expected results were produced by running the same
// patterns, inputs and replacements through java.util.regex (JDK 17) with Matcher.matches() and
// Matcher.replaceFirst().
import { describe, expect, it } from 'vitest'
import {
  IllegalArgumentException,
  IndexOutOfBoundsException,
} from '../../../../layers/transforms/util/java-exceptions.js'
import { JavaPattern, JavaReplacement, PatternSyntaxException } from '../../../../layers/transforms/util/java-regex.js'

function matches(pattern: string, input: string): boolean {
  return JavaPattern.compile(pattern).matches(input)
}

function replaceFirst(pattern: string, input: string, replacement: string): string {
  const p = JavaPattern.compile(pattern)
  return p.replaceFirst(input, JavaReplacement.compile(replacement, p))
}

describe('JavaPattern', () => {
  it('matches as Java does', () => {
    const cases: [string, string, boolean][] = [
      ['[]a]', ']', true],
      ['[]a]', 'a', true],
      ['[^]a]', 'b', true],
      ['\\Qa.b\\E', 'a.b', true],
      ['\\Qa.b\\E', 'aXb', false],
      ['\\Qa.b', 'a.b', true],
      ['\\-', '-', true],
      ['\\2(a)', 'a', false],
      ['(a)\\2', 'a', false],
      ['(a)\\11', 'aa1', true],
      ['(?i)ABC', 'abc', true],
      ['a(?i)b', 'aB', true],
      ['(?i:a)b', 'AB', false],
      ['(?i:a)b', 'Ab', true],
      ['(?i)[a-c]+', 'AbC', true],
      ['a++', 'aa', true],
      ['a*+a', 'aaa', false],
      ['(?>a)', 'a', true],
      ['(?>a|ab)c', 'abc', false],
      ['a$\n', 'a\n', true],
      ['a$', 'a\n', false],
      ['[a-z&&[^e]]+', 'abc', true],
      ['[a-z&&[^e]]+', 'abe', false],
      ['[a[bc]]', 'c', true],
      ['[^a-c]x', 'dx', true],
      ['[^a-c]x', 'bx', false],
      ['\\p{Lower}+', 'abc', true],
      ['(?i)\\p{Lower}+', 'ABC', true],
      ['\\p{L}+', 'abc', true],
      ['\\pL', 'a', true],
      ['\\x{41}', 'A', true],
      ['\\0101', 'A', true],
      ['\\cA', '\u0001', true],
      ['(?<n1>a)\\k<n1>', 'aa', true],
      ['[a-]', '-', true],
      ['(?x) a b # c', 'ab', true],
      ['(?x)[ a]', ' ', false],
      ['\\h', ' ', true],
      ['\\v', '\u000B', true],
      ['a{1}+', 'a', true],
      ['(?<=a)b', 'b', false],
      ['\\b', '', false],
      ['\\R', '\r\n', true],
      ['[\\s]', ' ', true],
      ['\\Z', '', true],
      ['.', '\u0085', false],
      ['(?s).', '\n', true],
      ['my-prefix-.*', 'my-prefix-foo', true],
    ]
    for (const [pattern, input, expected] of cases) {
      expect(matches(pattern, input), `${JSON.stringify(pattern)} on ${JSON.stringify(input)}`).toBe(expected)
    }
  })

  it('rejects invalid patterns with Java descriptions and positions', () => {
    const cases: [string, string][] = [
      ['[]', 'Unclosed character class near index 1\n[]\n ^'],
      ['{', 'Illegal repetition near index 1\n{'],
      ['a{', 'Illegal repetition near index 2\na{'],
      ['a{2', 'Unclosed counted closure near index 3\na{2'],
      ['a{x}', 'Illegal repetition near index 2\na{x}\n  ^'],
      ['a{,3}', 'Illegal repetition near index 2\na{,3}\n  ^'],
      ['x{2,1}', 'Illegal repetition range near index 5\nx{2,1}\n     ^'],
      ['*a', "Dangling meta character '*' near index 0\n*a\n^"],
      ['(ab', 'Unclosed group near index 3\n(ab'],
      ['ab)', "Unmatched closing ')' near index 1\nab)\n ^"],
      ['[ab', 'Unclosed character class near index 2\n[ab\n  ^'],
      ['a\\', 'Unexpected internal error near index 2\na\\'],
      ['\\y', 'Illegal/unsupported escape sequence near index 1\n\\y\n ^'],
      ['(?<1n>a)', 'capturing group name does not start with a Latin letter near index 3\n(?<1n>a)\n   ^'],
    ]
    for (const [pattern, message] of cases) {
      expect(() => JavaPattern.compile(pattern), JSON.stringify(pattern)).toThrow(PatternSyntaxException)
      expect(() => JavaPattern.compile(pattern), JSON.stringify(pattern)).toThrow(message)
    }
  })

  it('says which valid Java constructs it does not support', () => {
    for (const pattern of ['\\Ga', '\\X', '\\p{InGreek}', '(?U)\\w', '(?i)(a)\\1']) {
      expect(() => JavaPattern.compile(pattern), pattern).toThrow('is not supported by connectless')
    }
  })
})

describe('JavaReplacement', () => {
  it('replaces the first match of a search, as Matcher.replaceFirst does', () => {
    expect(replaceFirst('a|ab', 'ab', 'X')).toBe('Xb')
    expect(replaceFirst('(a)|b', 'b', '[$1]')).toBe('[]')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Java replacement string
    expect(replaceFirst('(?<x>.*)', 'orig', '${x}-')).toBe('orig-')
    expect(replaceFirst('(.*)', 'orig', '$11')).toBe('orig1')
    expect(replaceFirst('(.*)', 'orig', '$1\\$')).toBe('orig$')
    expect(replaceFirst('(.*)', 'orig', '$0$0')).toBe('origorig')
  })

  it('throws the exceptions Java throws for a bad replacement', () => {
    const p = JavaPattern.compile('(.*)')
    const cases: [string, unknown][] = [
      ['$2', new IndexOutOfBoundsException('No group 2')],
      ['$', new IllegalArgumentException('Illegal group reference: group index is missing')],
      ['\\', new IllegalArgumentException('character to be escaped is missing')],
      ['$a', new IllegalArgumentException('Illegal group reference')],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Java replacement string
      ['${x}', new IllegalArgumentException('No group with name {x}')],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Java replacement string
      ['${}', new IllegalArgumentException('named capturing group has 0 length name')],
      ['${x', new IllegalArgumentException("named capturing group is missing trailing '}'")],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Java replacement string
      ['${1x}', new IllegalArgumentException('capturing group name {1x} starts with digit character')],
    ]
    for (const [replacement, error] of cases) {
      expect(() => JavaReplacement.compile(replacement, p), replacement).toThrow(error as Error)
      expect(() => JavaReplacement.compile(replacement, p), replacement).toThrow((error as Error).constructor as never)
    }
  })

  it('defers the error of a bad replacement to its use when compiled lazily', () => {
    const p = JavaPattern.compile('(.*)')
    const { replacement, error } = JavaReplacement.compileLazily('$2', p)
    expect(error).toBeInstanceOf(IndexOutOfBoundsException)
    expect(() => p.replaceFirst('orig', replacement)).toThrow('No group 2')
  })
})
