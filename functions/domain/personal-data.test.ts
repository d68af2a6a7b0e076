// Mobile and ID number rules, masks, and the redaction every log line goes through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskIdNumber,
  maskMobile,
  normalizeIdNumber,
  normalizeMobile,
  redactPersonalNumbers,
} from './personal-data.ts';

describe('mobile numbers', () => {
  it('accept +86, spaces and dashes and become 11 digits', () => {
    for (const typed of ['13812341234', '+86 138 1234 1234', '138-1234-1234', '0086 13812341234']) {
      expect(normalizeMobile(typed)).toBe('13812341234');
    }
  });
  it('refuse what is not a mainland mobile', () => {
    for (const typed of ['12812341234', '1381234123', '138123412345', '0953-2012348', 'abc']) {
      expect(normalizeMobile(typed)).toBeUndefined();
    }
  });
  it('are masked 138****1234', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
  });
});

describe('ID numbers (GB 11643)', () => {
  it('accept a valid check digit, X in either case', () => {
    expect(normalizeIdNumber('640302198503120042')).toBe('640302198503120042');
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
  });
  it('refuse a wrong check digit or length', () => {
    expect(normalizeIdNumber('640302198503120041')).toBeUndefined();
    expect(normalizeIdNumber('64030219850312004')).toBeUndefined();
  });
  it('are masked 6403**********1233', () => {
    expect(maskIdNumber('640302199001011233')).toBe('6403**********1233');
  });
});

describe('redaction', () => {
  it('masks numbers anywhere in text, however they are written', () => {
    expect(
      redactPersonalNumbers(
        'call 13812341234 or +86 138-1234-1234, id 640302198503120042 / 11010519491231002x',
      ),
    ).toBe('call 138****1234 or 138****1234, id 6403**********0042 / 1101**********002X');
  });
  it('leaves timestamps, ids and short numbers alone', () => {
    const text =
      '{"durationMs":12.5,"at":1763780000000,"requestId":"0b8c1229-e54e","otp":"123456"}';
    expect(redactPersonalNumbers(text)).toBe(text);
  });
  it('never lets an 11-digit mobile through', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.string(),
        (before, mobile, after) => {
          const out = redactPersonalNumbers(`${before} ${mobile} ${after}`);
          expect(out).not.toContain(mobile);
        },
      ),
    );
  });
});
