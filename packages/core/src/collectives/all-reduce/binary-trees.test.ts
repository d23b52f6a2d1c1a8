import { describe, expect, it } from 'vitest';
import { range } from '../schedule-builder.js';
import { btreeParent, doubleBinaryTree } from './binary-trees.js';

describe('btreeParent', () => {
  it('builds NCCL trees.cc tree on 8 ranks: 0 -> 4, 4 -> {2, 6}, 2 -> {1, 3}, 6 -> {5, 7}', () => {
    expect(range(8).map((r) => btreeParent(8, r))).toEqual([-1, 2, 4, 2, 0, 6, 4, 6]);
  });
  it('clears the lowest bit when setting the next would leave the rank range (n = 6: 5 -> 4)', () => {
    expect(range(6).map((r) => btreeParent(6, r))).toEqual([-1, 2, 4, 2, 0, 4]);
  });
});

describe('doubleBinaryTree', () => {
  it('mirrors for even n, so the leaves of one tree are the interior of the other', () => {
    const [a, b] = doubleBinaryTree(8);
    const leaves = (t: typeof a) => range(8).filter((r) => t.childrenOf(r).length === 0);
    expect(leaves(a)).toEqual([1, 3, 5, 7]);
    expect(leaves(b)).toEqual([0, 2, 4, 6]);
    expect([a.height, b.height]).toEqual([3, 3]);
  });

  it('shifts by one for odd n and still spans every rank', () => {
    const [, b] = doubleBinaryTree(5);
    // first tree on 5: 0 -> 4 -> 2 -> {1, 3}; shifted by one: 1 -> 0 -> 3 -> {2, 4}
    expect(range(5).map((r) => b.parentOf(r))).toEqual([1, -1, 3, 0, 3]);
  });

  it('lists children before parents in deepestFirst', () => {
    for (const t of doubleBinaryTree(13)) {
      const seen = new Set<number>();
      for (const r of t.deepestFirst) {
        for (const c of t.childrenOf(r)) expect(seen.has(c)).toBe(true);
        seen.add(r);
      }
    }
  });
});
