import { describe, expect, it } from 'vitest';
import { LOAD_CACHE_ENTRIES, LoadCache } from './load-cache.js';

describe('LoadCache', () => {
  it('LoadCache finds a load only when all five numbers match, through growth and collisions', () => {
    const cache = new LoadCache<string>(4);
    // 5,000 keys in a table of 4 slots: it doubles as it fills, and keys differing in one number stay apart.
    for (let i = 0; i < 1000; i++) for (let j = 0; j < 5; j++) cache.set(i, j, i * j, -i, 7, `${i}/${j}`);
    expect(cache.size).toBe(5000);
    expect(cache.get(999, 4, 3996, -999, 7)).toBe('999/4');
    expect(cache.get(999, 4, 3996, -999, 8)).toBeUndefined();
    expect(cache.get(2 ** 40, 0, 0, 0, 7)).toBeUndefined();
    cache.set(2 ** 40, 0, 0, 0, 7, 'big');
    // 2^40 wraps to 0 in the hash, yet the whole numbers are compared (and -0 is 0, as in the text of a key).
    expect(cache.get(0, 0, 0, 0, 7)).toBe('0/0');
    expect(cache.get(2 ** 40, 0, 0, 0, 7)).toBe('big');
    cache.set(999, 4, 3996, -999, 7, 'again');
    expect(cache.size).toBe(5001);
    expect(cache.get(999, 4, 3996, -999, 7)).toBe('again');
  });

  it('LoadCache starts afresh once it holds LOAD_CACHE_ENTRIES loads, so its memory stays bounded', () => {
    const cache = new LoadCache<number>();
    for (let i = 0; i < LOAD_CACHE_ENTRIES; i++) cache.set(i, 0, 0, 0, 0, i);
    expect(cache.size).toBe(LOAD_CACHE_ENTRIES);
    expect(cache.get(0, 0, 0, 0, 0)).toBe(0);
    cache.set(-1, 0, 0, 0, 0, -1);
    expect(cache.size).toBe(1);
    expect(cache.get(0, 0, 0, 0, 0)).toBeUndefined();
    expect(cache.get(-1, 0, 0, 0, 0)).toBe(-1);
  });
});
