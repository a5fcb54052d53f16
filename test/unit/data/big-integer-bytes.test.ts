import { describe, expect, it } from 'vitest'
import { bigIntToBytes, bytesToBigInt } from '../../../layers/runtime/data/logical.js'
import { DataException } from '../../../layers/runtime/errors.js'

// Expected bytes were printed once by Java's BigInteger.toByteArray() (hex) for the values on the left.
const BIG_INTEGERS: ReadonlyArray<readonly [string, string]> = [
  ['0', '00'],
  ['1', '01'],
  ['-1', 'ff'],
  ['127', '7f'],
  ['128', '0080'],
  ['-128', '80'],
  ['-129', 'ff7f'],
  ['255', '00ff'],
  ['256', '0100'],
  ['-255', 'ff01'],
  ['-256', 'ff00'],
  ['32767', '7fff'],
  ['32768', '008000'],
  ['-32768', '8000'],
  ['-32769', 'ff7fff'],
  ['65535', '00ffff'],
  ['65536', '010000'],
  ['9223372036854775807', '7fffffffffffffff'],
  ['-9223372036854775808', '8000000000000000'],
  ['156', '009c'],
  ['-156', 'ff64'],
  ['18446744073709551616', '010000000000000000'],
  ['-18446744073709551616', 'ff0000000000000000'],
  ['-9223372036854775809', 'ff7fffffffffffffff'],
  ['100306821', '05fa8f85'],
  ['-443520682517', '98bc1b75eb'],
  ['-1516', 'fa14'],
  ['373229675030782804557790595945', '04b5f859e938bfd7afb6424b69'],
  ['-293692842947680', 'fef4e34e6c4ba0'],
  ['3', '03'],
  ['-21261059421352405181511549', 'ee69cba8c7f89689ba4883'],
  ['46125255723870656', '00a3deacfa9869c0'],
  ['-4953610820', 'fed8bde5bc'],
  ['-26102', '9a0a'],
  ['-203377641669913348889745083', 'ff57c51bf40d1cb2231e6945'],
  ['-3818787617996', 'fc86de854334'],
  ['-551731447635509334410370300', 'fe379e524ad0ec771d8a6304'],
  ['-52363114135', 'f3ceea4969'],
  ['20805176', '013d7638'],
  ['-48491834194132179263244899', 'd7e37466a461783ee2b59d'],
  ['1625829166196580335', '16901b033c9ddfef'],
  ['110', '6e'],
  ['2794446', '2aa3ce'],
  ['-3083481469861417684282', 'ff58d819342562d872c6'],
  ['-3701363612329851475708310', 'fcf034ad3042e4b380366a'],
  ['-303534247609914099129396004', 'ff04ec1f7743d70547a7d4dc'],
  ['17758595935428999029434', '03c2b206b232ed46a2ba'],
  ['1365562426408477977190', '4a06fc4fc239d4ea66'],
  ['1607239560491', '017636f16d2b'],
  ['4921', '1339'],
  ['-145286', 'fdc87a'],
  ['-37106536611253072013037222538', '881a313ba221a0137ba6c576'],
  ['86375820837852609607001307098', '011718678621844fa7bed9f7da'],
]

describe("Java's BigInteger.toByteArray and new BigInteger(byte[])", () => {
  it.each(BIG_INTEGERS)('writes %s as the bytes %s', (value, hex) => {
    expect(Buffer.from(bigIntToBytes(BigInt(value))).toString('hex')).toBe(hex)
  })

  it.each(BIG_INTEGERS)('reads %s back from the bytes %s', (value, hex) => {
    expect(bytesToBigInt(Buffer.from(hex, 'hex'))).toBe(BigInt(value))
  })

  it('reads bytes that are a view into a larger buffer', () => {
    const backing = Buffer.from('aaff64bb', 'hex')
    expect(bytesToBigInt(backing.subarray(1, 3))).toBe(-156n)
  })

  it('reads redundant sign bytes as Java does', () => {
    expect(bytesToBigInt(Buffer.from('0000009c', 'hex'))).toBe(156n)
    expect(bytesToBigInt(Buffer.from('ffffff64', 'hex'))).toBe(-156n)
  })

  it('rejects empty bytes', () => {
    expect(() => bytesToBigInt(new Uint8Array(0))).toThrow(DataException)
  })
})
