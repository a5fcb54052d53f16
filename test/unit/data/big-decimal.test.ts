import { describe, expect, it } from 'vitest'
import { BigDecimal } from '../../../layers/runtime/data/values.js'

// Expected values were printed once by Java: new BigDecimal(input), then unscaledValue(), scale(),
// toString() and toPlainString(); the second table from new BigDecimal(new BigInteger(unscaled), scale).
// input, unscaled, scale, toString(), toPlainString()
const PARSED: ReadonlyArray<readonly [string, string, number, string, string]> = [
  ['0', '0', 0, '0', '0'],
  ['0.00', '0', 2, '0.00', '0.00'],
  ['-0', '0', 0, '0', '0'],
  ['12.30', '1230', 2, '12.30', '12.30'],
  ['1.2E+3', '12', -2, '1.2E+3', '1200'],
  ['1.2E3', '12', -2, '1.2E+3', '1200'],
  ['1e-5', '1', 5, '0.00001', '0.00001'],
  ['0.000001', '1', 6, '0.000001', '0.000001'],
  ['0.0000001', '1', 7, '1E-7', '0.0000001'],
  ['1E-7', '1', 7, '1E-7', '0.0000001'],
  ['-1.5', '-15', 1, '-1.5', '-1.5'],
  ['.5', '5', 1, '0.5', '0.5'],
  ['5.', '5', 0, '5', '5'],
  ['+5', '5', 0, '5', '5'],
  ['123456789.123456789', '123456789123456789', 9, '123456789.123456789', '123456789.123456789'],
  ['1E+10', '1', -10, '1E+10', '10000000000'],
  ['1.00E+10', '100', -8, '1.00E+10', '10000000000'],
  ['-0.000', '0', 3, '0.000', '0.000'],
  ['0E-8', '0', 8, '0E-8', '0.00000000'],
  ['0E+2', '0', -2, '0E+2', '0'],
  ['100', '100', 0, '100', '100'],
  ['1e0', '1', 0, '1', '1'],
  ['1E-6', '1', 6, '0.000001', '0.000001'],
  ['1.23E-6', '123', 8, '0.00000123', '0.00000123'],
  ['12.3E-8', '123', 9, '1.23E-7', '0.000000123'],
  [
    '-12345678901234567890.123',
    '-12345678901234567890123',
    3,
    '-12345678901234567890.123',
    '-12345678901234567890.123',
  ],
  ['00012.50', '1250', 2, '12.50', '12.50'],
  ['1.2345E+2', '12345', 2, '123.45', '123.45'],
  ['1.2345e-2', '12345', 6, '0.012345', '0.012345'],
  ['0.0000001000', '1000', 10, '1.000E-7', '0.0000001000'],
  ['1E+0', '1', 0, '1', '1'],
  ['123E-10', '123', 10, '1.23E-8', '0.0000000123'],
  ['4.5E+1', '45', 0, '45', '45'],
  ['-7e-3', '-7', 3, '-0.007', '-0.007'],
  ['9.99e-7', '999', 9, '9.99E-7', '0.000000999'],
]
// unscaled, scale, toString(), toPlainString()
const CONSTRUCTED: ReadonlyArray<readonly [string, number, string, string]> = [
  ['-25332', 20, '-2.5332E-16', '-0.00000000000000025332'],
  ['0', 14, '0E-14', '0.00000000000000'],
  ['38723689', 11, '0.00038723689', '0.00038723689'],
  ['2042785632432049995', -1, '2.042785632432049995E+19', '20427856324320499950'],
  ['-4190371246740738248015', 5, '-41903712467407382.48015', '-41903712467407382.48015'],
  ['-16003850255885', 4, '-1600385025.5885', '-1600385025.5885'],
  ['-22951166162', -14, '-2.2951166162E+24', '-2295116616200000000000000'],
  ['-23051089202942319', -9, '-2.3051089202942319E+25', '-23051089202942319000000000'],
  ['-15217260805506652', 20, '-0.00015217260805506652', '-0.00015217260805506652'],
  ['27280870300869', 16, '0.0027280870300869', '0.0027280870300869'],
  ['16722064746536244115', 9, '16722064746.536244115', '16722064746.536244115'],
  ['42339228407642129879', 24, '0.000042339228407642129879', '0.000042339228407642129879'],
  ['-1454581199311432070', -3, '-1.454581199311432070E+21', '-1454581199311432070000'],
  ['3610824450305', 10, '361.0824450305', '361.0824450305'],
  ['-197972342469702137470', -12, '-1.97972342469702137470E+32', '-197972342469702137470000000000000'],
  ['1308980820570', -12, '1.308980820570E+24', '1308980820570000000000000'],
  ['1036', 17, '1.036E-14', '0.00000000000001036'],
  ['167815249624', 20, '1.67815249624E-9', '0.00000000167815249624'],
  ['-126998039', -2, '-1.26998039E+10', '-12699803900'],
  ['-1752415245197', 1, '-175241524519.7', '-175241524519.7'],
  ['-69221727645181162', 5, '-692217276451.81162', '-692217276451.81162'],
  ['-177495', 3, '-177.495', '-177.495'],
  ['132666960485606993168001', 10, '13266696048560.6993168001', '13266696048560.6993168001'],
  ['-260408', -15, '-2.60408E+20', '-260408000000000000000'],
  ['-529351224019', -6, '-5.29351224019E+17', '-529351224019000000'],
  ['-14', -11, '-1.4E+12', '-1400000000000'],
  ['-125832440356894', 0, '-125832440356894', '-125832440356894'],
  ['-9808', 22, '-9.808E-19', '-0.0000000000000000009808'],
  ['-7645614395626105679971', 0, '-7645614395626105679971', '-7645614395626105679971'],
  ['-1379802547333', 5, '-13798025.47333', '-13798025.47333'],
]

describe("Java's BigDecimal", () => {
  it.each(PARSED)('parses %s as unscaled %s with scale %i', (input, unscaled, scale) => {
    const d = BigDecimal.parse(input)
    expect(d.unscaled).toBe(BigInt(unscaled))
    expect(d.scale).toBe(scale)
  })

  it.each(PARSED)('writes the parse of %s as %s… with toString() and toPlainString()', (input, _u, _s, text, plain) => {
    const d = BigDecimal.parse(input)
    expect(d.toString()).toBe(text)
    expect(d.toPlainString()).toBe(plain)
  })

  it.each(CONSTRUCTED)('writes unscaled %s with scale %i as %s', (unscaled, scale, text, plain) => {
    const d = new BigDecimal(BigInt(unscaled), scale)
    expect(d.toString()).toBe(text)
    expect(d.toPlainString()).toBe(plain)
  })

  it.each(CONSTRUCTED)('reads back unscaled %s with scale %i from its toString()', (unscaled, scale, text) => {
    expect(BigDecimal.parse(text).equals(new BigDecimal(BigInt(unscaled), scale))).toBe(true)
  })

  it('keeps 1.2E+3 (unscaled 12, scale -2) apart from 1200', () => {
    const exp = BigDecimal.parse('1.2E+3')
    expect(exp.equals(BigDecimal.parse('1200'))).toBe(false)
    expect(exp.compareTo(BigDecimal.parse('1200'))).toBe(0)
  })

  it('writes 0.000001 plainly and 0.0000001 as 1E-7, as Java switches below an adjusted exponent of -6', () => {
    expect(BigDecimal.parse('0.000001').toString()).toBe('0.000001')
    expect(BigDecimal.parse('0.0000001').toString()).toBe('1E-7')
  })

  it.each(['', '.', 'e5', '1e', '1.2.3', ' 1', '1 ', '0x10', '1_000', 'NaN', '--1', '1e+-2'])(
    'rejects %j as Java does',
    (text) => {
      expect(() => BigDecimal.parse(text)).toThrow(SyntaxError)
    },
  )

  it('rejects a scale outside the int range', () => {
    expect(() => BigDecimal.parse('1e-2147483648')).toThrow(SyntaxError)
  })

  it('changes scale without rounding, and refuses where digits would be lost', () => {
    expect(BigDecimal.parse('1.5').setScale(3).toString()).toBe('1.500')
    expect(BigDecimal.parse('1.500').setScale(1).toString()).toBe('1.5')
    expect(() => BigDecimal.parse('1.55').setScale(1)).toThrow(RangeError)
  })

  it('makes a BigDecimal from a double as Java BigDecimal.valueOf does (through Double.toString)', () => {
    expect(BigDecimal.fromNumber(0.1).toString()).toBe('0.1')
    expect(BigDecimal.fromNumber(100).toString()).toBe('100.0')
    expect(BigDecimal.fromNumber(1e7).toString()).toBe('1.0E+7')
  })
})
