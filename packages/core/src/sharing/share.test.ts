import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { buildPreset } from '../test-support.js';
import { resolveJobs } from './jobs.js';
import { shareCluster } from './share.js';

/**
 * 112 H100s (14 servers, one scale-up domain each) under top-of-rack switches, not rail-optimized, 8:1 oversubscribed:
 * a Quantum-2 leaf (64 ports of 400G) takes 56 NIC ports (7 servers) and 7 uplinks, so two leaves, 7 x 400G between them.
 */
const tor = buildPreset('hgx-h100', { scaleOut: { railOptimized: false, oversubscription: 8 } }, 112);
const two = (op: 'allreduce' | 'alltoall') => resolveJobs([0, 1].map(() => ({ op, gpus: 56, size: '1GiB' })));

describe('shareCluster', () => {
  it('shareCluster packed: each job fills one leaf, so they share no link and each runs as fast as alone', () => {
    const r = shareCluster(tor, two('alltoall'), { placement: 'packed' });
    expect(r.ranks.map((g) => [g[0], g[g.length - 1]])).toEqual([
      [0, 55],
      [56, 111],
    ]);
    for (const j of r.jobs) {
      expect(j.domains).toBe(7);
      expect(j.slowdown).toBe(1);
    }
    expect(r.maxSlowdown).toBe(1);
    expect(r.makespanUs).toBeCloseTo(r.jobs[0]?.sharedUs ?? 0, 6);
  });

  it('shareCluster spread: two all-to-alls that both cross the 7 leaf uplinks each get half of them (slowdown 2)', () => {
    const packed = shareCluster(tor, two('alltoall'), { placement: 'packed' });
    const spread = shareCluster(tor, two('alltoall'), { placement: 'spread' });
    const [p, s] = [packed.jobs[0], spread.jobs[0]];
    // Spread: 4 GPUs of each job in each of the 14 servers, 28 under each leaf. A GPU sends S/56 to each peer, and
    // 28 of its 56 peers sit under the other leaf: S/2 crosses. Alone, a leaf sends 28 x S/2 = 14 S over 7 uplinks
    // (2 S/r), more than a NIC's 52/56 S/r: the uplinks bind. Packed, a job never leaves its leaf: 48 of 56 peers are
    // off-server, 48/56 S/r. So alone, spread over packed = 2 / (48/56) = 7/3.
    expect(s?.domains).toBe(14);
    expect(s?.gpusPerDomain).toEqual({ min: 4, max: 4 });
    expect(Math.abs((s?.aloneUs ?? 0) / (p?.aloneUs ?? 1) - 7 / 3)).toBeLessThan(0.01);
    // Shared, both jobs' 28 GPUs per leaf push 28 S through the same 7 uplinks: twice the bytes, twice the time, less
    // the fixed launch and latency (about 15 us of 45 ms).
    for (const j of spread.jobs) {
      expect(j.slowdown).toBeGreaterThan(1.99);
      expect(j.slowdown).toBeLessThan(2);
      expect(j.sharedBusbwGBps).toBeCloseTo(j.aloneBusbwGBps / j.slowdown, 9);
    }
    expect(spread.meanSlowdown).toBeCloseTo(spread.jobs[0]?.slowdown ?? 0, 12);
  });

  it('shareCluster spread: two all-reduces meet only where their channel rings cross leaves (8 ring edges on 7 uplinks)', () => {
    const r = shareCluster(tor, two('allreduce'), { placement: 'spread' });
    // Each job runs 4 channel rings (one per GPU it has in a server) over its 14 servers; every ring crosses from one
    // leaf to the other once each way. Alone, 4 flows leave a leaf on 7 uplinks, each at its NIC's 400G. Shared, 8 flows
    // split 7 x 400G: 350G each, so the bandwidth term grows by 8/7 = 1.143, the latency term not at all.
    for (const j of r.jobs) {
      expect(j.algorithm).toBe('ring');
      expect(j.slowdown).toBeGreaterThan(1.12);
      expect(j.slowdown).toBeLessThan(8 / 7);
    }
    const packed = shareCluster(tor, two('allreduce'), { placement: 'domain' });
    for (const j of packed.jobs) expect(j.slowdown).toBe(1);
  });

  it('shareCluster spread on a rail-optimized fabric: equal jobs take disjoint rails, so they share no link', () => {
    // HPN: NIC l of every server on rail l's leaf. Spread gives job0 GPUs 0-3 of every server, job1 GPUs 4-7: the
    // channel rings of each job stay on its own four rails. Alone each runs on 4 of 8 NICs per server, so spread is
    // slower than packed alone, but sharing costs nothing.
    const hpn = buildPreset('hpn-h800', {}, 128);
    const jobs = resolveJobs([0, 1].map(() => ({ op: 'allreduce', gpus: 64, size: '256MiB' })));
    const spread = shareCluster(hpn, jobs, { placement: 'spread' });
    const packed = shareCluster(hpn, jobs, { placement: 'packed' });
    for (const j of spread.jobs) expect(j.slowdown).toBe(1);
    expect(spread.jobs[0]?.aloneUs).toBeGreaterThan(packed.jobs[0]?.aloneUs ?? Number.POSITIVE_INFINITY);
  });

  it('shareCluster gives the same report for the same seed, bit for bit', () => {
    const jobs = resolveJobs([
      { op: 'alltoall', gpus: 48, size: '64MiB' },
      { op: 'allreduce', gpus: 40, size: '64MiB' },
    ]);
    const a = shareCluster(tor, jobs, { placement: 'random', seed: 3 });
    expect(shareCluster(tor, jobs, { placement: 'random', seed: 3 })).toEqual(a);
    expect(shareCluster(tor, jobs, { placement: 'random', seed: 4 }).ranks).not.toEqual(a.ranks);
  });

  it('shareCluster refuses an unknown placement, a seed out of range and an algorithm the op lacks, naming the field', () => {
    const jobs = two('allreduce');
    expect(() => shareCluster(tor, jobs, { placement: 'sprad' })).toThrow(
      "placement: 'sprad' is not a placement policy (did you mean 'spread'?); expected one of packed, domain, spread, random",
    );
    expect(() => shareCluster(tor, jobs, { placement: 'random', seed: -1 })).toThrow(/^seed: expected a whole number from 0 to 2\^32 - 1, received -1$/);
    const bad = resolveJobs([
      { op: 'allreduce', gpus: 8, size: 1024 },
      { op: 'allreduce', gpus: 8, size: 1024, algorithm: 'rign' },
    ]);
    expect(() => shareCluster(tor, bad, { fields: { jobs: 'jobs' } })).toThrow(/^jobs\.1: job1: unknown allreduce algorithm 'rign'. Did you mean 'ring'\?/);
  });

  it('shareCluster refuses a placement that puts a job on a GPU the failures cut off', () => {
    const degraded = buildPreset('hpn-h800', { failures: [{ kind: 'nic', gpu: 5 }] }, 64);
    const jobs = resolveJobs([{ op: 'allreduce', gpus: 16, size: '1MiB' }]);
    expect(() => shareCluster(degraded, jobs)).toThrow(ConfigError);
    expect(() => shareCluster(degraded, jobs)).toThrow(/failures: GPU 5 is cut off from the scale-out network/);
  });

  it('shareCluster refuses slow GPUs, whose delay depends on work a shared run does not have', () => {
    const slow = buildPreset('hpn-h800', { stragglers: { gpus: [{ gpu: 3, speed: 0.8 }] } }, 64);
    expect(() =>
      shareCluster(
        slow,
        two('allreduce').map((j) => ({ ...j, gpus: 16 })),
      ),
    ).toThrow(/^stragglers\.gpus: slow GPUs delay a collective/);
  });
});
