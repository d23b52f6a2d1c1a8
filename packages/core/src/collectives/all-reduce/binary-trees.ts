/** The two complementary binary trees of NCCL's double binary tree, built the way NVIDIA/nccl src/graph/trees.cc builds them. */

import { range } from '../schedule-builder.js';

export interface BinaryTree {
  parentOf(rank: number): number;
  childrenOf(rank: number): readonly number[];
  /** Edges from the root to its deepest rank. */
  readonly height: number;
  /** Every rank, deepest first: an order in which children come before their parents. */
  readonly deepestFirst: readonly number[];
}

/**
 * Parent of `rank` in NCCL's in-order binary tree over n ranks rooted at 0 (-1 for the root): clear the lowest set
 * bit b and set 2b, falling back to just clearing b past the end. Example, n = 8: 0 -> 4, 4 -> {2, 6}, 2 -> {1, 3},
 * 6 -> {5, 7}; odd ranks are leaves.
 */
export function btreeParent(n: number, rank: number): number {
  if (rank === 0) return -1;
  const bit = rank & -rank;
  const up = (rank ^ bit) | (bit << 1);
  return up < n ? up : rank ^ bit;
}

/**
 * NCCL's second tree: the first mirrored (rank -> n - 1 - rank) for even n, shifted by one for odd n, so that the
 * leaves of one tree are the interior ranks of the other. Example, n = 8: the second tree's leaves are 0, 2, 4, 6.
 */
export function doubleBinaryTree(n: number): [BinaryTree, BinaryTree] {
  const first = (r: number) => btreeParent(n, r);
  const mirrored = (r: number) => {
    const p = btreeParent(n, n - 1 - r);
    return p === -1 ? -1 : n - 1 - p;
  };
  const shifted = (r: number) => {
    const p = btreeParent(n, (r - 1 + n) % n);
    return p === -1 ? -1 : (p + 1) % n;
  };
  return [treeFrom(n, first), treeFrom(n, n % 2 === 0 ? mirrored : shifted)];
}

function treeFrom(n: number, parentOf: (rank: number) => number): BinaryTree {
  const parents = range(n).map(parentOf);
  const children = range(n).map((): number[] => []);
  parents.forEach((p, c) => {
    if (p >= 0) children[p]?.push(c);
  });
  const depths = new Array<number>(n).fill(0);
  const shallowestFirst = [parents.indexOf(-1)];
  for (const r of shallowestFirst) {
    for (const c of children[r] ?? []) {
      depths[c] = (depths[r] ?? 0) + 1;
      shallowestFirst.push(c);
    }
  }
  return {
    parentOf: (r) => parents[r] ?? -1,
    childrenOf: (r) => children[r] ?? [],
    height: depths[shallowestFirst[n - 1] ?? 0] ?? 0,
    deepestFirst: shallowestFirst.reverse(),
  };
}

/** The double binary tree over n ranks and what pricing reads from it. */
export interface TreeShape {
  readonly trees: readonly [BinaryTree, BinaryTree];
  /** 2h: hops from a leaf up to the root and back down. */
  readonly stages: number;
  /** Sends of the busiest rank per chunk (or per half of its data) over both trees: 4 for n >= 4. */
  readonly load: number;
}

/** Tree shapes depend on n alone and cost O(n) to build, so the last few are kept (a 16k-rank shape takes ~50 ms). */
const SHAPES = new Map<number, TreeShape>();
const SHAPES_KEPT = 16;

export function treeShape(n: number): TreeShape {
  const hit = SHAPES.get(n);
  if (hit) return hit;
  const trees = doubleBinaryTree(n);
  const sends = range(n).map((r) => trees.reduce((sum, t) => sum + t.childrenOf(r).length + (t.parentOf(r) === -1 ? 0 : 1), 0));
  const shape = { trees, stages: 2 * Math.max(trees[0].height, trees[1].height), load: sends.reduce((a, b) => Math.max(a, b), 0) };
  if (SHAPES.size >= SHAPES_KEPT) SHAPES.delete(SHAPES.keys().next().value as number);
  SHAPES.set(n, shape);
  return shape;
}
