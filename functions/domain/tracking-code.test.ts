// Tracking codes: alphabet without look-alikes, case-insensitive, derived from a MAC.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  codeFromMac,
  normalizeReference,
  normalizeTrackingCode,
  TRACKING_CODE_ALPHABET,
} from './tracking-code.ts';

it('uses 31 characters without 0, 1, I, L or O', () => {
  expect(TRACKING_CODE_ALPHABET).toHaveLength(31);
  expect(TRACKING_CODE_ALPHABET).not.toMatch(/[01ILO]/);
});

it('turns any MAC into 8 characters of the alphabet, deterministically', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 8, maxLength: 32 }), (mac) => {
      const code = codeFromMac(mac);
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      expect(codeFromMac(mac)).toBe(code);
    }),
  );
});

it('reads codes case-insensitively and refuses malformed ones', () => {
  expect(normalizeTrackingCode(' 7k3m9qxa ')).toBe('7K3M9QXA');
  for (const bad of [undefined, '', '7K3M9QX', '7K3M9QXA9', '0K3M9QXA', '7K3M9QX!']) {
    expect(normalizeTrackingCode(bad)).toBeUndefined();
  }
});

it('trims and upper-cases references', () => {
  expect(normalizeReference('  pc7k3m9qxa ')).toBe('PC7K3M9QXA');
});
