import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorMessages, pickLocale } from './messages.ts';

describe('pickLocale', () => {
  it('defaults to zh-CN', () => {
    expect(pickLocale(undefined)).toBe('zh-CN');
    expect(pickLocale('')).toBe('zh-CN');
    expect(pickLocale('fr-FR')).toBe('zh-CN');
  });
  it('follows the highest-ranked language it knows', () => {
    expect(pickLocale('en-US,en;q=0.9')).toBe('en');
    expect(pickLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale('fr;q=1, en;q=0.5, zh;q=0.4')).toBe('en');
    expect(pickLocale('en;q=0.2, zh-TW;q=0.9')).toBe('zh-CN');
    expect(pickLocale('en;q=0')).toBe('zh-CN');
  });
});

describe('docs/errors.md', () => {
  it('lists exactly the codes the API can answer with', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(errorMessages).sort());
  });
});
