// Java's SimpleDateFormat as TimestampConverter and TimestampRouter use it (en_US, UTC). Every expected
// value below was produced by the JDK's own SimpleDateFormat (Temurin 25 and OpenJDK 17 agree); the
// differential test in test/integration/transforms runs thousands more against the real class.
import { describe, expect, it } from 'vitest'
import { JavaDateFormat, ParseException } from '../../../layers/transforms/java-date-format.js'
import { IllegalArgumentException } from '../../../layers/transforms/util/java-exceptions.js'

const EVERY_LETTER = 'G GGGG yyyy MMM MMMM LLL LLLL EEE EEEE a z zzzz Z X XX XXX u k K h w W D F Y'
/** The clock the two-digit-year window comes from: 2026-11-29, so `yy` covers 1946-11-29 to 2046-11-28. */
const NOW = Date.UTC(2026, 10, 29, 12)

function parse(pattern: string, text: string, lenient = true): number | 'error' {
  const result = new JavaDateFormat(pattern, { lenient, now: NOW }).parseAt(text, 0)
  return 'errorIndex' in result ? 'error' : result.millis
}

describe('JavaDateFormat', () => {
  describe('patterns', () => {
    it('rejects a letter that is not a pattern letter', () => {
      expect(() => new JavaDateFormat('yyyy-MM-dd q')).toThrow(
        new IllegalArgumentException("Illegal pattern character 'q'"),
      )
      expect(() => new JavaDateFormat('bad-format')).toThrow("Illegal pattern character 'b'")
    })

    it('rejects an unterminated quote', () => {
      expect(() => new JavaDateFormat("yyyy 'at")).toThrow(new IllegalArgumentException('Unterminated quote'))
    })

    it('rejects four or more X', () => {
      expect(() => new JavaDateFormat('XXXX')).toThrow(
        new IllegalArgumentException('invalid ISO 8601 format: length=4'),
      )
    })

    it('keeps quoted text and letters literal, and reads two quotes as one', () => {
      expect(new JavaDateFormat("'o''clock' h a, ''yy").format(1_483_425_001_864)).toBe("o'clock 6 AM, '17")
    })

    it('keeps the pattern as given', () => {
      expect(new JavaDateFormat("yyyy-MM-dd'T'HH").toPattern()).toBe("yyyy-MM-dd'T'HH")
    })
  })

  describe('formatting', () => {
    it('formats every letter with en_US names in UTC', () => {
      expect(new JavaDateFormat(EVERY_LETTER).format(1_483_425_001_864)).toBe(
        'AD AD 2017 Jan January Jan January Tue Tuesday AM UTC Coordinated Universal Time +0000 Z Z Z 2 6 6 6 1 1 3 1 2017',
      )
    })

    it('formats a date BC with the year of its era, and its week year normalized', () => {
      expect(new JavaDateFormat(EVERY_LETTER).format(-62_198_755_200_000)).toBe(
        'BC BC 0002 Jan January Jan January Fri Friday AM UTC Coordinated Universal Time +0000 Z Z Z 5 24 0 12 1 1 3 1 -1',
      )
    })

    it('pads numbers to the letter count and cuts yy to two digits', () => {
      expect(new JavaDateFormat('S SS SSS SSSSS y yy yyy yyyyy M MM d dd H HH').format(1_483_425_001_864)).toBe(
        '864 864 864 00864 2017 17 2017 02017 1 01 3 03 6 06',
      )
    })

    it('uses the Julian calendar before 1582-10-15', () => {
      const f = new JavaDateFormat('yyyy-MM-dd')
      expect(f.format(-12_219_292_800_000)).toBe('1582-10-15')
      expect(f.format(-12_219_292_800_000 - 86_400_000)).toBe('1582-10-04')
    })

    it('puts the last days of December in week 1 of the next week year', () => {
      const f = new JavaDateFormat("YYYY-'W'ww-u")
      expect(f.format(Date.UTC(2021, 0, 1))).toBe('2021-W01-5')
      expect(f.format(Date.UTC(2021, 11, 31))).toBe('2022-W01-5')
    })

    it('formats a Date as well as epoch millis', () => {
      expect(new JavaDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSX").format(new Date(1_483_425_001_864))).toBe(
        '2017-01-03T06:30:01.864Z',
      )
    })
  })

  describe('parsing', () => {
    it('rolls fields over when lenient, and fails them when not', () => {
      expect(parse('yyyy-MM-dd', '2023-13-01')).toBe(1_704_067_200_000)
      expect(parse('yyyy-MM-dd', '2023-13-01', false)).toBe('error')
      expect(parse('yyyy-MM-dd', '2023-02-29')).toBe(1_677_628_800_000)
      expect(parse('yyyy-MM-dd', '2023-02-29', false)).toBe('error')
    })

    it('ignores text after the pattern', () => {
      expect(new JavaDateFormat('yyyy-MM-dd').parseAt('2023-02-29 and more', 0)).toEqual({
        millis: 1_677_628_800_000,
        end: 10,
      })
    })

    it('reads adjacent numeric fields by their letter counts', () => {
      expect(parse('yyyyMMdd', '20010704')).toBe(994_204_800_000)
    })

    it('skips spaces before numbers, and reads numbers of any length', () => {
      expect(parse('yyyy-MM-dd', '  2001-  7-4')).toBe(994_204_800_000)
    })

    it('reads zone offsets: X, Z and GMT forms', () => {
      expect(parse("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2017-01-03T06:30:01.864+01:00')).toBe(1_483_421_401_864)
      expect(parse("yyyy-MM-dd'T'HH:mm:ss.SSSX", '2017-01-03T06:30:01.864-0530')).toBe(1_483_443_001_864)
      expect(parse("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", '2017-01-03T06:30:01.864+0100')).toBe('error')
      expect(parse('yyyy-MM-dd HH:mm Z', '2017-01-03 06:30 +0100')).toBe(1_483_421_400_000)
      expect(parse('yyyy-MM-dd HH:mm z', '2017-01-03 06:30 GMT-01:30')).toBe(1_483_430_400_000)
      expect(parse('yyyy-MM-dd HH:mm z', '2017-01-03 06:30 utc')).toBe(1_483_425_000_000)
    })

    it('switches its own zone to GMT after parsing Greenwich Mean Time, as Java does', () => {
      const f = new JavaDateFormat('HH:mm z')
      expect(f.format(0)).toBe('00:00 UTC')
      expect(f.parse('10:00 Greenwich Mean Time')).toBe(36_000_000)
      expect(f.zone).toBe('GMT')
      expect(f.format(0)).toBe('00:00 GMT')
      expect(f.parse('10:00 Coordinated Universal Time')).toBe(36_000_000)
      expect(f.format(0)).toBe('00:00 UTC')
    })

    it('does not recognise zone names other than UTC and GMT', () => {
      expect(parse('HH:mm z', '10:00 PST')).toBe('error')
    })

    it('matches month, day and AM/PM names in any case, long or short', () => {
      expect(parse('dd MMM yyyy', '03 jAn 2017')).toBe(1_483_401_600_000)
      expect(parse('EEEE, d MMMM yyyy', 'TUESDAY, 3 january 2017')).toBe(1_483_401_600_000)
      expect(parse('h:mm a', '12:05 pm')).toBe(43_500_000)
    })

    it('reads hour 24 of k as midnight, only when lenient for out-of-range hours', () => {
      expect(parse('kk:mm', '24:05')).toBe(300_000)
      expect(parse('kk:mm', '25:05', false)).toBe('error')
    })

    it('reads numbers as DecimalFormat does: NaN, exponents, Unicode digits', () => {
      expect(parse('yyyy-MM-dd', 'NaN-01-02')).toBe(-62_167_305_600_000)
      expect(parse('yyyy-MM-dd', '1E3-01-02')).toBe(-30_609_705_600_000)
      expect(parse('yyyy-MM-dd', '٢٠١٧-01-02')).toBe(1_483_315_200_000)
    })

    it('resolves a week date', () => {
      expect(parse("YYYY-'W'ww-u", '2021-W01-1')).toBe(1_609_113_600_000)
    })

    it('treats every space separator as a space when lenient', () => {
      expect(parse('yyyy MM dd', '2017\u00a001\u00a003')).toBe(1_483_401_600_000)
      expect(parse('yyyy MM dd', '2017\u00a001\u00a003', false)).toBe('error')
    })

    it('reads an era and a day of the year', () => {
      expect(parse('G yyyy', 'BC 44')).toBe(-63_524_304_000_000)
      expect(parse('yyyy-DDD', '2020-366')).toBe(1_609_372_800_000)
    })

    it('places two-digit years in the 100 years starting 80 years before the format was made', () => {
      expect(parse('yy-MM-dd', '46-12-01')).toBe(Date.UTC(1946, 11, 1))
      expect(parse('yy-MM-dd', '46-11-28')).toBe(Date.UTC(2046, 10, 28))
      expect(parse('yy-MM-dd', '45-01-01')).toBe(Date.UTC(2045, 0, 1))
      expect(parse('yyy-MM-dd', '45-01-01')).toBe(-60_747_235_200_000)
    })

    it("throws Java's ParseException for text that does not match", () => {
      expect(() => new JavaDateFormat('yyyy-MM-dd').parse('2017/01/03')).toThrow(
        new ParseException('Unparseable date: "2017/01/03"', 4),
      )
      try {
        new JavaDateFormat('yyyy-MM-dd').parse('2017/01/03')
      } catch (error) {
        expect((error as ParseException).errorOffset).toBe(4)
      }
    })
  })
})
