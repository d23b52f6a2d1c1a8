/** excerpt and shownValue: short values whole, long ones cut to a start, an ellipsis and their length, controls escaped. */

import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, excerpt, grouped, shownValue } from './excerpt.js';

describe('excerpt', () => {
  it('excerpt quotes a value of at most EXCERPT_CHARS characters whole', () => {
    const sixty = 'a'.repeat(EXCERPT_CHARS);
    expect(excerpt('nvl72')).toBe("'nvl72'");
    expect(excerpt(sixty)).toBe(`'${sixty}'`);
    expect(excerpt('nvl"72', undefined, '"')).toBe('"nvl\\"72"');
  });

  it('excerpt cuts a longer value to its first 57 characters, an ellipsis and its length', () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(50)}\n-----END PRIVATE KEY-----\n`;
    const shown = excerpt(key);
    // Expected because the key is 28 + 50 x 32 + 27 = 1,655 characters; its first 57 (the line feed shown as \n) are kept.
    expect(shown).toBe(`'${key.slice(0, 27)}\\n${key.slice(28, 57)}...' (1,655 characters)`);
    expect(excerpt('x'.repeat(61), undefined, '"')).toBe(`"${'x'.repeat(57)}..." (61 characters)`);
  });

  it('excerpt shows control characters and bidirectional overrides as escapes', () => {
    expect(excerpt('a\u001b[2Jb\u202ec\td')).toBe("'a\\u001b[2Jb\\u202ec\\td'");
    expect(excerpt('a\u001bb\u2066', undefined, '"')).toBe('"a\\u001bb\\u2066"');
  });

  it('excerpt never cuts between the two halves of a character outside the BMP', () => {
    const text = `${'a'.repeat(56)}😀${'b'.repeat(10)}`;
    expect(excerpt(text)).toBe(`'${'a'.repeat(56)}...' (68 characters)`);
  });
});

describe('shownValue', () => {
  it('shownValue shows strings as excerpt does and other values as JSON, cut the same way', () => {
    expect(shownValue('8x')).toBe("'8x'");
    expect(shownValue('8x', '"')).toBe('"8x"');
    expect(shownValue([1, 2])).toBe('[1,2]');
    expect(shownValue(undefined)).toBe('undefined');
    const list = Array.from({ length: 100 }, (_, i) => i);
    expect(shownValue(list)).toBe(`${JSON.stringify(list).slice(0, 57)}... (${JSON.stringify(list).length} characters)`);
  });
});

describe('grouped', () => {
  it('shows numbers as toLocaleString does: thousands grouped, at most three decimals', () => {
    for (const n of [0, 7, 999, 1000, -1234, 262_144, 1_000_000, 9_007_199_254_740_991]) expect(grouped(n)).toBe(n.toLocaleString('en-US'));
    for (const n of [1234.5, 0.25, 0.0001, 1e-9, 2.5e9, -0.5, 1e20, 1e22]) expect(grouped(n)).toBe(n.toLocaleString('en-US'));
  });
});
