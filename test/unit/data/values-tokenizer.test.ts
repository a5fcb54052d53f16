// Ports the Parser cases of Kafka's ValuesTest (connect/api/src/test/java/org/apache/kafka/connect/data).
import { describe, expect, it } from 'vitest'
import { isBlank, javaTrim, ValuesTokenizer } from '../../../layers/runtime/data/values-tokenizer.js'

function assertConsumable(parser: ValuesTokenizer, expectedTokens: readonly string[]): void {
  for (const token of expectedTokens) {
    if (isBlank(token)) continue
    const position = parser.mark()
    expect(parser.canConsume(javaTrim(token))).toBe(true)
    parser.rewindTo(position)
    expect(parser.canConsume(javaTrim(token), true)).toBe(true)
    parser.rewindTo(position)
    expect(parser.canConsume(token, false)).toBe(true)
  }
}

/** ValuesTest.assertParsed: the tokens in order, each readable again after rewinding to it. */
function assertParsed(input: string, ...expected: string[]): void {
  const tokens = expected.length === 0 ? [input] : expected
  let parser = new ValuesTokenizer(input)
  for (const token of tokens) {
    expect(parser.hasNext()).toBe(true)
    const position = parser.mark()
    expect(parser.next()).toBe(token)
    expect(parser.position()).toBe(position + token.length)
    expect(parser.previous()).toBe(token)
    parser.rewindTo(position)
    expect(parser.position()).toBe(position)
    expect(parser.next()).toBe(token)
    expect(parser.mark()).toBe(position + token.length)
    expect(parser.previous()).toBe(token)
  }
  expect(parser.hasNext()).toBe(false)

  parser.rewindTo(0)
  assertConsumable(parser, tokens)
  parser = new ValuesTokenizer(input)
  assertConsumable(parser, tokens)
}

describe('the Values tokenizer', () => {
  it('consumes several tokens at once, or none where fewer remain', () => {
    const parser = new ValuesTokenizer('a:b:c:d:e:f:g:h')
    expect(parser.nextTokens(5)).toBe('a:b:c')
    expect(parser.next()).toBe(':')
    expect(parser.next()).toBe('d')
    expect(parser.next()).toBe(':')
    expect(parser.nextTokens(8)).toBeNull() // only 7 remain
    expect(parser.next()).toBe('e')
  })

  it('keeps text without delimiters as one token', () => {
    for (const text of [
      '  ',
      'simple',
      'simple string',
      'simple \n\t\bstring',
      "'simple' string",
      'si\\mple',
      'si\\\\mple',
    ]) {
      assertParsed(text)
    }
  })

  it('does not split on escaped delimiters', () => {
    for (const text of ['si\\"mple', 'si\\{mple', 'si\\}mple', 'si\\]mple', 'si\\[mple', 'si\\:mple', 'si\\,mple']) {
      assertParsed(text)
    }
  })

  it('makes each delimiter a token of its own', () => {
    assertParsed('a{b', 'a', '{', 'b')
    assertParsed('a}b', 'a', '}', 'b')
    assertParsed('a[b', 'a', '[', 'b')
    assertParsed('a]b', 'a', ']', 'b')
    assertParsed('a:b', 'a', ':', 'b')
    assertParsed('a,b', 'a', ',', 'b')
    assertParsed('a"b', 'a', '"', 'b')
    assertParsed('{b', '{', 'b')
    assertParsed('}b', '}', 'b')
    assertParsed('[b', '[', 'b')
    assertParsed(']b', ']', 'b')
    assertParsed(':b', ':', 'b')
    assertParsed(',b', ',', 'b')
    assertParsed('"b', '"', 'b')
    for (const delimiter of ['{', '}', '[', ']', ':', ',', '"']) assertParsed(delimiter, delimiter)
  })

  it('keeps the whitespace around tokens', () => {
    assertParsed('"simple" string', '"', 'simple', '"', ' string')
    assertParsed('a{bc}d', 'a', '{', 'bc', '}', 'd')
    assertParsed('a { b c } d', 'a ', '{', ' b c ', '}', ' d')
  })

  it('trims as Java does: characters up to U+0020 only', () => {
    expect(javaTrim('\u0001 a \t')).toBe('a')
    expect(javaTrim('\u00a0a\u00a0')).toBe('\u00a0a\u00a0')
    expect(isBlank('\n \t')).toBe(true)
    expect(isBlank('\u00a0')).toBe(false)
  })
})
