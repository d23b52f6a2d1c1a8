import { describe, expect, it } from 'vitest';
import { bytesPerSecond, gib, us } from '../units/units.js';
import { collectiveAlgorithms } from './registry.js';
import type { CollectiveAlgorithm, CollectiveContext, Schedule, Transfer } from './types.js';

/**
 * A contention-free reference executor. Each rank has an egress and an ingress link; a transfer starts one latency
 * after its last dependency finishes and shares the links it crosses max-min fairly (progressive filling) with the
 * transfers active beside it. A switch end adds no link: the switch has unlimited capacity. With a hierarchy, a
 * rank's scale-up and scale-out ports are separate links, each with its tier's bandwidth and latency.
 */
interface LinkModel {
  links(t: Transfer): string[];
  capacity(link: string): number;
  latency(t: Transfer): number;
}

const rankOf = (e: Transfer['src']) => ('rank' in e ? e.rank : undefined);

function flatLinks(ctx: CollectiveContext): LinkModel {
  return {
    links: (t) => [rankOf(t.src), rankOf(t.dst)].flatMap((r, i) => (r === undefined ? [] : [`${i === 0 ? 'out' : 'in'}:${r}`])),
    capacity: () => ctx.bandwidth,
    latency: () => ctx.stepLatency,
  };
}

function tieredLinks(ctx: CollectiveContext): LinkModel {
  const h = ctx.hierarchy;
  if (!h) throw new Error('tiered links need a hierarchy');
  // A switch end is the rank's own scale-up switch: intra, and only the rank's side is a link.
  const tier = (t: Transfer) => {
    const [src, dst] = [rankOf(t.src), rankOf(t.dst)];
    if (src === undefined || dst === undefined) return 'intra';
    return Math.floor(src / h.domainSize) === Math.floor(dst / h.domainSize) ? 'intra' : 'inter';
  };
  return {
    links: (t) => [rankOf(t.src), rankOf(t.dst)].flatMap((r, i) => (r === undefined ? [] : [`${i === 0 ? 'out' : 'in'}:${tier(t)}:${r}`])),
    capacity: (link) => (link.includes('intra') ? h.intraBandwidth : h.interBandwidth),
    latency: (t) => (tier(t) === 'intra' ? h.intraLatency : h.interLatency),
  };
}

/** Progressive filling: the link with the smallest fair share freezes its transfers at that share, until all are frozen. */
function maxMinRates(active: readonly number[], linksOf: (i: number) => string[], capacity: (link: string) => number): Map<number, number> {
  const rates = new Map<number, number>();
  const left = new Map<string, number>();
  const users = new Map<string, number[]>();
  for (const i of active) for (const l of linksOf(i)) users.set(l, [...(users.get(l) ?? []), i]);
  for (const l of users.keys()) left.set(l, capacity(l));
  const unfrozen = new Set(active);
  while (unfrozen.size > 0) {
    let offer = Number.POSITIVE_INFINITY;
    let bottleneck: number[] = [];
    for (const [l, on] of users) {
      const live = on.filter((i) => unfrozen.has(i));
      const share = (left.get(l) ?? 0) / live.length;
      if (live.length > 0 && share < offer) [offer, bottleneck] = [share, live];
    }
    if (bottleneck.length === 0) throw new Error('a transfer crosses no link');
    for (const i of bottleneck) {
      rates.set(i, offer);
      unfrozen.delete(i);
      for (const l of linksOf(i)) left.set(l, (left.get(l) ?? 0) - offer);
    }
  }
  return rates;
}

/** Seconds from the first transfer's start to the last one's finish. */
function makespan(schedule: Schedule, model: LinkModel): number {
  const ts = schedule.transfers;
  const links = ts.map((t) => model.links(t));
  const waiting = ts.map((t) => t.deps.length);
  const dependents = ts.map(() => [] as number[]);
  ts.forEach((t, i) => {
    for (const d of t.deps) dependents[d]?.push(i);
  });
  const left = ts.map((t) => t.bytes as number);
  // A k-step pipelined transfer pays its latency k times.
  const latency = (t: Transfer) => t.latencyS ?? (t.steps ?? 1) * model.latency(t);
  let upcoming = ts.flatMap((t, i) => (t.deps.length === 0 ? [{ i, at: latency(t) }] : []));
  let active: number[] = [];
  let now = 0;
  let done = 0;
  const finish = (i: number) => {
    done++;
    for (const j of dependents[i] ?? []) {
      waiting[j] = (waiting[j] ?? 0) - 1;
      const t = ts[j];
      if (waiting[j] === 0 && t) upcoming.push({ i: j, at: now + latency(t) });
    }
  };
  while (done < ts.length) {
    active = [...active, ...upcoming.filter((u) => u.at <= now).map((u) => u.i)];
    upcoming = upcoming.filter((u) => u.at > now);
    const rates = maxMinRates(active, (i) => links[i] ?? [], model.capacity);
    const nextStart = Math.min(...upcoming.map((u) => u.at));
    const nextFinish = Math.min(...active.map((i) => (left[i] ?? 0) / (rates.get(i) ?? 1)));
    const dt = Math.min(nextStart - now, nextFinish);
    for (const i of active) left[i] = (left[i] ?? 0) - (rates.get(i) ?? 0) * dt;
    now = nextStart - now <= nextFinish ? nextStart : now + dt;
    const finished = active.filter((i) => (left[i] ?? 0) <= 1e-9 * Math.max(1, ts[i]?.bytes ?? 0));
    active = active.filter((i) => !finished.includes(i));
    for (const i of finished) finish(i);
  }
  return now;
}

const flat = (ranks: number, bytes = gib(1)): CollectiveContext => ({
  op: 'allreduce',
  ranks,
  bytes,
  bandwidth: bytesPerSecond(370e9),
  stepLatency: us(2),
  inSwitchReduction: true,
});

const tiered = (domains: number, domainSize: number, bytes = gib(1)): CollectiveContext => ({
  ...flat(domains * domainSize, bytes),
  hierarchy: {
    domainSize,
    domains,
    intraBandwidth: bytesPerSecond(370e9),
    interBandwidth: bytesPerSecond(48e9),
    intraLatency: us(2),
    interLatency: us(10),
  },
});

/** The same hierarchy with switches that reduce, at the 308 GB/s per rank NVLS reaches on H100. */
const nvls = (ctx: CollectiveContext): CollectiveContext =>
  ctx.hierarchy ? { ...ctx, hierarchy: { ...ctx.hierarchy, intraReductionBandwidth: bytesPerSecond(308e9) } } : ctx;

const run = (a: CollectiveAlgorithm, ctx: CollectiveContext) => {
  const c = { ...ctx, op: a.ops[0] ?? ctx.op };
  const model = c.hierarchy ? tieredLinks(c) : flatLinks(c);
  return { executed: makespan(a.schedule(c), model), closed: a.time(c) as number };
};

describe('makespan (the reference executor itself)', () => {
  it('makespan of two transfers out of one rank is alpha + 2 S/B: they share its egress', () => {
    const s = { transfers: [0, 1].map((i) => ({ src: { rank: 0 }, dst: { rank: 1 + i }, bytes: gib(1), deps: [] })) };
    // 2 us + 2 x 1073741824 / 370e9 s = 2 us + 5.80401 ms
    expect(makespan(s, flatLinks(flat(3)))).toBeCloseTo(2e-6 + (2 * 2 ** 30) / 370e9, 12);
  });
  it('makespan of a dependent pair is 2 (alpha + S/B): the second waits for the first', () => {
    const s = { transfers: [0, 1].map((i) => ({ src: { rank: i }, dst: { rank: i + 1 }, bytes: gib(1), deps: i ? [0] : [] })) };
    expect(makespan(s, flatLinks(flat(3)))).toBeCloseTo(2 * (2e-6 + 2 ** 30 / 370e9), 12);
  });
});

/** Where the contention-free executor and the closed form are the same model, they must agree within 1%. */
const exact: [string, CollectiveContext[]][] = [
  ['allreduce/ring', [flat(2), flat(5), flat(8), flat(16), tiered(4, 8), tiered(3, 4), tiered(8, 1)]],
  ['allreduce/halving-doubling', [flat(2), flat(8), flat(16)]],
  ['allreduce/in-switch', [flat(2), flat(8), flat(8, gib(1 / 1024))]],
  ['allreduce/hierarchical', [tiered(4, 8), tiered(2, 4), tiered(1, 8), tiered(8, 1), tiered(3, 4), tiered(6, 2), tiered(5, 1)]],
  ['allreduce/nvls-tree', [nvls(tiered(2, 8)), nvls(tiered(4, 8)), nvls(tiered(3, 4)), nvls(tiered(2, 8, gib(8))), nvls(tiered(6, 2))]],
  ['allgather/ring', [flat(5), flat(8), tiered(4, 8), tiered(2, 4)]],
  ['allgather/direct', [flat(5), flat(8)]],
  ['allgather/in-switch', [flat(5), flat(8)]],
  ['allgather/hierarchical', [tiered(4, 8), tiered(2, 4), tiered(1, 8), tiered(8, 1), tiered(3, 4)]],
  ['reducescatter/ring', [flat(5), flat(8), tiered(4, 8), tiered(2, 4)]],
  ['reducescatter/direct', [flat(5), flat(8)]],
  ['reducescatter/in-switch', [flat(5), flat(8)]],
  ['reducescatter/hierarchical', [tiered(4, 8), tiered(2, 4), tiered(1, 8), tiered(8, 1), tiered(3, 4)]],
  ['alltoall/direct', [flat(2), flat(8), flat(16)]],
  ['alltoall/hierarchical', [tiered(4, 8), tiered(2, 4), tiered(1, 8), tiered(8, 1)]],
  ['broadcast/ring', [flat(2), flat(8), flat(8, gib(1 / 1024))]],
  ['reduce/ring', [flat(2), flat(8)]],
  ['sendrecv/direct', [flat(2), flat(8)]],
];

describe('schedule', () => {
  it.each(exact)('schedule of %s runs in its closed-form time (within 1%)', (id, contexts) => {
    for (const ctx of contexts) {
      const { executed, closed } = run(collectiveAlgorithms.get(id), ctx);
      expect(Math.abs(executed - closed) / closed, `${id} on ${ctx.ranks} ranks`).toBeLessThan(0.01);
    }
  });

  it('schedule of allreduce/tree runs in its closed-form time within 1e-9, small messages and odd n included', () => {
    // Its edges stream at once and arrive latencyS = t - L S/(2B) after their bytes: no link carries more than the
    // busiest rank's L streams of S/2, each gets at least B/L, and that rank's links end at L S/(2B).
    for (const ctx of [flat(2), flat(5), flat(8), flat(16), flat(8, gib(1 / 1024)), flat(8, gib(1 / 64)), { ...flat(8), stepLatency: us(50) }]) {
      const { executed, closed } = run(collectiveAlgorithms.get('allreduce/tree'), ctx);
      expect(Math.abs(executed / closed - 1), `tree on ${ctx.ranks} ranks`).toBeLessThan(1e-9);
    }
  });

  it('schedule lists every transfer after its dependencies, between ranks that exist', () => {
    for (const a of collectiveAlgorithms.entries) {
      const ctx = { ...(a.name === 'hierarchical' ? tiered(2, 4) : a.name === 'nvls-tree' ? nvls(tiered(2, 4)) : flat(8)), op: a.ops[0] ?? 'allreduce' };
      a.schedule(ctx).transfers.forEach((t, i) => {
        for (const d of t.deps) expect(d, a.id).toBeLessThan(i);
        for (const e of [t.src, t.dst]) expect('rank' in e ? e.rank : e.switchOfRank, a.id).toBeLessThan(ctx.ranks);
      });
    }
  });
});
