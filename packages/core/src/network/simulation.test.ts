import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approxEqual, REL_TOLERANCE } from '../units/units.js';
import { type MaxMinProblem, solveMaxMin } from './max-min.js';
import { createNetworkSimulation, type FlowSpec } from './simulation.js';

const route = (...links: number[]) => Int32Array.from(links);
const links = (...capacities: number[]) => ({ linkCapacity: Float64Array.from(capacities) });

/** Runs flows to completion and returns each flow's completion time, in id order. */
function completionTimes(capacities: number[], flows: FlowSpec[]): number[] {
  const sim = createNetworkSimulation(links(...capacities));
  const ids = flows.map((f) => sim.addFlow(f));
  sim.run();
  return ids.map((id) => sim.completedAt(id) as number);
}

describe('createNetworkSimulation', () => {
  it('shares one link between two flows, then gives it all to the survivor', () => {
    // 100 B/s shared by 100 B and 300 B flows: 50 B/s each, so the first ends at 100 / 50 = 2 s.
    // The second moved 2 x 50 = 100 B, has 200 B left at 100 B/s: 2 + 200 / 100 = 4 s.
    expect(
      completionTimes(
        [100],
        [
          { route: route(0), bytes: 100 },
          { route: route(0), bytes: 300 },
        ],
      ),
    ).toEqual([2, 4]);
  });

  it('starts a flow at its startAt and shares from then on', () => {
    // A (100 B) runs alone at 100 B/s for 0.5 s: 50 B left. B (100 B) starts at 0.5; both at 50 B/s.
    // A's 50 B take 1 s: done at 1.5. B moved 50 B by then, its last 50 B at 100 B/s: 1.5 + 0.5 = 2.
    expect(
      completionTimes(
        [100],
        [
          { route: route(0), bytes: 100 },
          { route: route(0), bytes: 100, startAt: 0.5 },
        ],
      ),
    ).toEqual([1.5, 2]);
  });

  it('runs a flow added from another flow’s onComplete, starting at that completion', () => {
    // A: 100 B at 100 B/s ends at 1 s; its callback adds B (200 B) on the same link: 1 + 200 / 100 = 3 s.
    const sim = createNetworkSimulation(links(100));
    const done: Array<[number, number]> = [];
    sim.addFlow({
      route: route(0),
      bytes: 100,
      onComplete: (id, time) => {
        done.push([id, time]);
        sim.addFlow({ route: route(0), bytes: 200, onComplete: (id2, time2) => done.push([id2, time2]) });
      },
    });
    expect(sim.run()).toBe(3);
    expect(done).toEqual([
      [0, 1],
      [1, 3],
    ]);
  });

  it('moves bytes per member for a multiplicity-k flow and honours rateCap', () => {
    // Multiplicity 4 on 100 B/s: 25 B/s per member, 100 B each: 4 s (400 B moved in total).
    // A 100 B flow capped at 10 B/s on an otherwise idle link: 100 / 10 = 10 s.
    expect(completionTimes([100], [{ route: route(0), bytes: 100, multiplicity: 4 }])).toEqual([4]);
    expect(completionTimes([100], [{ route: route(0), bytes: 100, rateCap: 10 }])).toEqual([10]);
  });

  it('completes zero-byte flows at their start time', () => {
    // Nothing to move: done the instant the flow starts, at t = 3.
    expect(completionTimes([100], [{ route: route(0), bytes: 0, startAt: 3 }])).toEqual([3]);
  });

  it('counts completions a float ulp apart as one instant with one re-solve', () => {
    // 0.1 + 0.2 = 0.30000000000000004 and 0.3 differ by one ulp (5.6e-17 << 1e-9): one completion
    // instant. Events: the start at 0 and that instant = 2. Solves: only the start (nothing is left to re-solve after).
    const sim = createNetworkSimulation(links(1, 1));
    sim.addFlow({ route: route(0), bytes: 0.1 + 0.2 });
    sim.addFlow({ route: route(1), bytes: 0.3 });
    sim.run();
    expect(sim.stats()).toEqual({ events: 2, solves: 1, flowsSolvedTotal: 2, maxActiveFlows: 2 });
  });

  it('re-solves only the component the event touched', () => {
    // Flows 0, 1 share link 0; flow 2 is alone on link 1. Start: one solve of all 3 flows.
    // Flow 2 ends at 1 s (10 B at 10 B/s): its link has no other flow, so no solve.
    // Flow 0 ends at 5 / 5 = 1 s too (same instant); flow 1 (15 B) then is re-solved alone: 1 flow.
    // Flow 1 ends at 1 + 10 / 10 = 2 s: nothing left to solve. Total 3 + 1 = 4 flows solved, 2 solves.
    const sim = createNetworkSimulation(links(10, 10));
    const ids = [sim.addFlow({ route: route(0), bytes: 5 }), sim.addFlow({ route: route(0), bytes: 15 }), sim.addFlow({ route: route(1), bytes: 10 })];
    sim.run();
    expect(ids.map((id) => sim.completedAt(id))).toEqual([1, 2, 1]);
    expect(sim.stats()).toEqual({ events: 3, solves: 2, flowsSolvedTotal: 4, maxActiveFlows: 3 });
  });

  it('finishes a thousand symmetric flows in one instant with one solve', () => {
    // 1000 flows of 1 B share one 10 B/s link: 10 / 1000 = 0.01 B/s each, so all end at 1 / 0.01 = 100 s.
    // Events: the start and the common completion = 2; solves: only the start (nothing is left after).
    const sim = createNetworkSimulation(links(10));
    for (let i = 0; i < 1000; i++) sim.addFlow({ route: route(0), bytes: 1 });
    expect(sim.run()).toBe(100);
    expect(sim.stats()).toEqual({ events: 2, solves: 1, flowsSolvedTotal: 1000, maxActiveFlows: 1000 });
  });

  it('finishes a flow that meets no finite capacity at its start time', () => {
    // An unbounded link and no rateCap give rate Infinity: 50 B take 50 / Infinity = 0 s from t = 2.
    expect(completionTimes([Number.POSITIVE_INFINITY], [{ route: route(0), bytes: 50, startAt: 2 }])).toEqual([2]);
  });

  it('reports completedAt as undefined until the flow finishes, and step() false once idle', () => {
    // 100 B at 100 B/s: nothing is done after the start instant (t = 0); done at t = 1; then nothing is left.
    const sim = createNetworkSimulation(links(100));
    const id = sim.addFlow({ route: route(0), bytes: 100 });
    expect(sim.step()).toBe(true);
    expect(sim.completedAt(id)).toBeUndefined();
    expect(sim.step()).toBe(true);
    expect(sim.completedAt(id)).toBe(1);
    expect(sim.step()).toBe(false);
    expect(sim.now()).toBe(1);
  });

  it('does not re-solve flows slower than every departing flow', () => {
    // L1 = link 0 (cap 2) carries p and q; L2 = link 1 (cap 10) carries q and r. L1 offers 2 / 2 = 1:
    // p = q = 1; then r gets 10 - 1 = 9. r (9 B) departs at 9 / 9 = 1 s; p and q (rate 1 < 9) keep
    // their rates, so nothing is re-solved: 3 flows solved at the start, none after.
    // p and q (5 B at 1 B/s) end together at 5 s.
    const sim = createNetworkSimulation(links(2, 10));
    const ids = [sim.addFlow({ route: route(0), bytes: 5 }), sim.addFlow({ route: route(0, 1), bytes: 5 }), sim.addFlow({ route: route(1), bytes: 9 })];
    sim.run();
    expect(ids.map((id) => sim.completedAt(id))).toEqual([5, 5, 1]);
    expect(sim.stats()).toEqual({ events: 3, solves: 1, flowsSolvedTotal: 3, maxActiveFlows: 3 });
  });

  it('rejects a start time in the past and a zero-capacity deadlock', () => {
    // Time only moves forward: at now = 1, a flow cannot start at 0.5.
    const sim = createNetworkSimulation(links(100));
    sim.addFlow({ route: route(0), bytes: 100 });
    sim.run();
    expect(() => sim.addFlow({ route: route(0), bytes: 1, startAt: 0.5 })).toThrow(/before now/);
    // A link of capacity 0 gives its flow rate 0: it can never finish, which run() reports.
    const stuck = createNetworkSimulation(links(0));
    stuck.addFlow({ route: route(0), bytes: 1 });
    expect(() => stuck.run()).toThrow(/never finish/);
  });
});

interface RandomFlow {
  route: number[];
  bytes: number;
  multiplicity: number;
  startAt: number;
  rateCap?: number;
}

/**
 * The obviously correct reference: at every instant advance every active flow, then re-solve
 * all active flows together, and take the earliest predicted completion or start as the next instant.
 */
function referenceCompletionTimes(capacities: number[], flows: RandomFlow[]): number[] {
  const done = flows.map(() => Number.NaN);
  const left = flows.map((f) => f.bytes);
  const rate = flows.map(() => 0);
  const startAt = (i: number) => (flows[i] as RandomFlow).startAt;
  const endAt = (i: number) => now + Math.max(0, left[i] as number) / (rate[i] as number);
  let active: number[] = [];
  let pending = [...flows.keys()];
  let now = 0;
  for (;;) {
    const next = Math.min(...pending.map(startAt), ...active.map(endAt));
    if (next === Number.POSITIVE_INFINITY) return done;
    for (const i of active) left[i] = (left[i] as number) - (rate[i] as number) * (next - now);
    now = next;
    const windowEnd = now + REL_TOLERANCE * Math.max(1, now);
    for (const i of active) if (endAt(i) <= windowEnd) done[i] = now;
    for (const i of pending) if (startAt(i) <= windowEnd && left[i] === 0) done[i] = now;
    active = [...active, ...pending.filter((i) => startAt(i) <= windowEnd)].filter((i) => Number.isNaN(done[i])).sort((a, b) => a - b);
    pending = pending.filter((i) => startAt(i) > windowEnd);
    const rates = solveMaxMin(
      problemOf(
        capacities,
        active.map((i) => flows[i] as RandomFlow),
      ),
    );
    active.forEach((i, k) => {
      rate[i] = rates[k] as number;
    });
  }
}

function problemOf(capacities: number[], flows: RandomFlow[]): MaxMinProblem {
  const routeStart = [0];
  for (const f of flows) routeStart.push((routeStart.at(-1) as number) + f.route.length);
  return {
    linkCapacity: Float64Array.from(capacities),
    flowCount: flows.length,
    routeStart: Int32Array.from(routeStart),
    routeLinks: Int32Array.from(flows.flatMap((f) => f.route)),
    multiplicity: Float64Array.from(flows, (f) => f.multiplicity),
    rateCap: Float64Array.from(flows, (f) => f.rateCap ?? Number.POSITIVE_INFINITY),
  };
}

const randomFlow = fc.record({
  route: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
  bytes: fc.integer({ min: 0, max: 1000 }),
  multiplicity: fc.integer({ min: 1, max: 3 }),
  startAt: fc.integer({ min: 0, max: 20 }),
  rateCap: fc.option(fc.integer({ min: 5, max: 200 }), { nil: undefined }),
});
const randomCapacities = fc.array(fc.integer({ min: 10, max: 500 }), { minLength: 6, maxLength: 6 });
const toSpec = (f: RandomFlow): FlowSpec => ({ ...f, route: Int32Array.from(f.route) });

describe('NetworkSimulation.run', () => {
  it('matches a reference that re-solves every flow at every instant', () => {
    // Max-min rates decompose over connected components, so re-solving only the touched
    // component (with lazily advanced bytes) must give the reference's times within REL_TOLERANCE.
    fc.assert(
      fc.property(randomCapacities, fc.array(randomFlow, { minLength: 1, maxLength: 40, size: 'max' }), (caps, flows) => {
        const got = completionTimes(caps, flows.map(toSpec));
        const want = referenceCompletionTimes(caps, flows);
        got.forEach((t, i) => {
          expect(approxEqual(t, want[i] as number), `flow ${i}: ${t} vs ${want[i]}`).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same flows give bit-identical times and stats', () => {
    // No randomness, no wall clock, flow-id iteration order: two runs cannot differ in any bit.
    fc.assert(
      fc.property(randomCapacities, fc.array(randomFlow, { minLength: 1, maxLength: 30 }), (caps, flows) => {
        const runOnce = () => {
          const sim = createNetworkSimulation(links(...caps));
          const ids = flows.map((f) => sim.addFlow(toSpec(f)));
          sim.run();
          return { times: ids.map((id) => sim.completedAt(id)), stats: sim.stats() };
        };
        expect(runOnce()).toStrictEqual(runOnce());
      }),
      { numRuns: 50 },
    );
  });
});
