import { describe, expect, it } from 'vitest';
import { gBps, gib, us } from '../units/units.js';
import { collectiveAlgorithms } from './registry.js';
import type { CollectiveContext, Schedule } from './types.js';

const S = 2 ** 30;
const n = 8;
const flat: CollectiveContext = { op: 'allreduce', ranks: n, bytes: gib(1), bandwidth: gBps(370), stepLatency: us(2), inSwitchReduction: true };
// 2 domains of 4: d = 4, m = 2.
const tiered: CollectiveContext = {
  ...flat,
  hierarchy: { domainSize: 4, domains: 2, intraBandwidth: gBps(370), interBandwidth: gBps(48), intraLatency: us(2), interLatency: us(10) },
};

/** Bytes each rank puts on its links (to a rank or to its switch), per rank, in units of S. */
function sentPerRank(schedule: Schedule, ranks: number): number[] {
  const sent = Array.from({ length: ranks }, () => 0);
  for (const t of schedule.transfers) if ('rank' in t.src) sent[t.src.rank] = (sent[t.src.rank] ?? 0) + t.bytes / S;
  return sent;
}

const every = (x: number) => Array.from({ length: n }, () => x);

/** What each rank must send, in units of S, and why. */
const expected: [string, number[]][] = [
  ['allreduce/ring', every((2 * 7) / 8)], // 2(n-1) steps of S/n: bandwidth-optimal 2(n-1)/n S
  ['allreduce/halving-doubling', every((2 * 7) / 8)], // S/2 + S/4 + S/8, twice
  ['allreduce/in-switch', every(9 / 8)], // S up for the load-reduce, S/n up for the multicast store
  ['allreduce/hierarchical', every((2 * 3) / 4 + (2 * 1) / 2 / 4)], // 2(d-1)/d S inside + 2(m-1)/m S/d across
  ['allgather/ring', every(7 / 8)],
  ['allgather/direct', every(7 / 8)],
  ['allgather/in-switch', every(1 / 8)], // its own piece, once
  ['reducescatter/ring', every(7 / 8)],
  ['reducescatter/direct', every(7 / 8)],
  ['reducescatter/in-switch', every(7 / 8)], // the pieces for the others, once
  ['alltoall/direct', every(7 / 8)],
  ['alltoall/hierarchical', every(3 / 4 + 1 / 2)], // (d-1)/d S inside, then (m-1)/m S across
  ['broadcast/ring', [1, 1, 1, 1, 1, 1, 1, 0]], // every rank but the last forwards S
  ['reduce/ring', [0, 1, 1, 1, 1, 1, 1, 1]], // every rank but the root passes S on
  ['sendrecv/direct', every(1)],
];

describe('schedule bytes per rank', () => {
  it.each(expected)('schedule of %s sends the bytes the algorithm must', (id, perRank) => {
    const a = collectiveAlgorithms.get(id);
    const ctx = { ...(a.name === 'hierarchical' ? tiered : flat), op: a.ops[0] ?? flat.op };
    const sent = sentPerRank(a.schedule(ctx), n);
    sent.forEach((x, r) => {
      expect(x, `${id} rank ${r}`).toBeCloseTo(perRank[r] ?? Number.NaN, 9);
    });
  });

  it('schedule of allreduce/tree sends 2(n-1)/n S per rank on average, and at most 2S from any rank', () => {
    // each tree: n-1 edges up and n-1 down, S/2 each; busiest rank: 4 chunks of S/2 per round over both trees
    const sent = sentPerRank(collectiveAlgorithms.get('allreduce/tree').schedule(flat), n);
    expect(sent.reduce((a, b) => a + b, 0) / n).toBeCloseTo((2 * 7) / 8, 9);
    expect(Math.max(...sent)).toBeCloseTo(2, 9);
  });
});
