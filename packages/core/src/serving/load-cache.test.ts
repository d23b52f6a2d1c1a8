import { describe, expect, it } from 'vitest';
import { LOAD_CACHE_ENTRIES, LoadCache } from './load-cache.js';

const costOf = (cache: LoadCache, key: [number, number, number, number, number]) => {
  const entry = cache.find(...key);
  return entry < 0 ? undefined : [cache.value(entry, 0), cache.value(entry, 1), cache.value(entry, 2)];
};

describe('LoadCache', () => {
  it('LoadCache finds a load only when all five numbers match, through growth and collisions', () => {
    const cache = new LoadCache(4);
    // 5,000 keys in a table of 4 slots: it doubles as it fills, and keys differing in one number stay apart.
    for (let i = 0; i < 1000; i++) for (let j = 0; j < 5; j++) cache.set(i, j, i * j, -i, 7, [i, j, 0.5]);
    expect(cache.size).toBe(5000);
    expect(costOf(cache, [999, 4, 3996, -999, 7])).toEqual([999, 4, 0.5]);
    expect(costOf(cache, [999, 4, 3996, -999, 8])).toBeUndefined();
    expect(costOf(cache, [2 ** 40, 0, 0, 0, 7])).toBeUndefined();
    cache.set(2 ** 40, 0, 0, 0, 7, [1, 2, 3]);
    // 2^40 wraps to 0 in the hash, yet the whole numbers are compared (and -0 is 0, as in the text of a key).
    expect(costOf(cache, [0, 0, 0, 0, 7])).toEqual([0, 0, 0.5]);
    expect(costOf(cache, [2 ** 40, 0, 0, 0, 7])).toEqual([1, 2, 3]);
    cache.set(999, 4, 3996, -999, 7, [9, 9, 9]);
    expect(cache.size).toBe(5001);
    expect(costOf(cache, [999, 4, 3996, -999, 7])).toEqual([9, 9, 9]);
  });

  it('LoadCache starts afresh once it holds LOAD_CACHE_ENTRIES loads, so its memory stays bounded', () => {
    const cache = new LoadCache();
    for (let i = 0; i < LOAD_CACHE_ENTRIES; i++) cache.set(i, 0, 0, 0, 0, [i, 0, 0]);
    expect(cache.size).toBe(LOAD_CACHE_ENTRIES);
    expect(costOf(cache, [0, 0, 0, 0, 0])).toEqual([0, 0, 0]);
    cache.set(-1, 0, 0, 0, 0, [-1, 0, 0]);
    expect(cache.size).toBe(1);
    expect(costOf(cache, [0, 0, 0, 0, 0])).toBeUndefined();
    expect(costOf(cache, [-1, 0, 0, 0, 0])).toEqual([-1, 0, 0]);
  });
});
