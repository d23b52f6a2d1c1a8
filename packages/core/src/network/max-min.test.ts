import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REL_TOLERANCE } from '../units/units.js';
import { type MaxMinProblem, MaxMinWorkspace, solveMaxMin } from './max-min.js';

interface TestFlow {
  route: number[];
  multiplicity?: number;
  rateCap?: number;
}

function problemOf(linkCapacity: number[], flows: TestFlow[]): MaxMinProblem {
  const routeStart = new Int32Array(flows.length + 1);
  flows.forEach((f, i) => {
    routeStart[i + 1] = (routeStart[i] as number) + f.route.length;
  });
  return {
    linkCapacity: Float64Array.from(linkCapacity),
    flowCount: flows.length,
    routeStart,
    routeLinks: Int32Array.from(flows.flatMap((f) => f.route)),
    multiplicity: Float64Array.from(flows, (f) => f.multiplicity ?? 1),
    rateCap: Float64Array.from(flows, (f) => f.rateCap ?? Number.POSITIVE_INFINITY),
  };
}

const solve = (linkCapacity: number[], flows: TestFlow[]) => [...solveMaxMin(problemOf(linkCapacity, flows))];

describe('solveMaxMin', () => {
  it('solves the SimGrid-style worked example: B is the bottleneck, A gives the rest to flow 1', () => {
    // Links A = 0 (cap 10), B = 1 (cap 4); flow 1 on A, flow 2 on A and B, flow 3 on B.
    // B offers 4 / 2 = 2 < A's 10 / 2 = 5, so flows 2 and 3 freeze at 2; A then offers (10 - 2) / 1 = 8.
    expect(solve([10, 4], [{ route: [0] }, { route: [0, 1] }, { route: [1] }])).toEqual([8, 2, 2]);
  });

  it('gives n flows on one link C / n each', () => {
    // One link of 300 B/s shared by 7 equal flows: progressive filling stops at 300 / 7 for all.
    const rates = solve(
      [300],
      Array.from({ length: 7 }, () => ({ route: [0] })),
    );
    for (const r of rates) expect(r).toBe(300 / 7);
  });

  it('counts a flow of multiplicity k as k flows', () => {
    // Link of 12: a flow of multiplicity 3 plus a single flow make 4 members, 12 / 4 = 3 each;
    // the multiplicity-3 flow then carries 3 x 3 = 9 and the single one 3, which fills the link.
    expect(solve([12], [{ route: [0], multiplicity: 3 }, { route: [0] }])).toEqual([3, 3]);
  });

  it('stops a flow at its rateCap and gives the rest to the others', () => {
    // Link of 10, two flows: the fair share 5 exceeds flow 0's cap of 2, so it freezes at 2
    // and flow 1 takes the remaining 10 - 2 = 8.
    expect(solve([10], [{ route: [0], rateCap: 2 }, { route: [0] }])).toEqual([2, 8]);
  });

  it('gives a flow with an empty route its cap, or Infinity without one', () => {
    // No link constrains such a flow, so only its own cap can.
    expect(solve([10], [{ route: [], rateCap: 3 }, { route: [] }])).toEqual([3, Number.POSITIVE_INFINITY]);
  });

  it('gives Infinity to flows that cross only unconstrained links', () => {
    // Link 0 is unbounded; link 1 (cap 6) binds flow 1, which shares link 0 with flow 0:
    // flow 1 gets 6, and flow 0 faces no finite limit at all.
    expect(solve([Number.POSITIVE_INFINITY, 6], [{ route: [0] }, { route: [0, 1] }])).toEqual([Number.POSITIVE_INFINITY, 6]);
  });

  it('gives the same rates with a reused MaxMinWorkspace as with a fresh one, as problems grow and shrink', () => {
    // The workspace only caches buffers: any sequence of problems must solve exactly as if each were alone.
    const flow = fc.record({
      route: fc.uniqueArray(fc.integer({ min: 0, max: 79 }), { minLength: 0, maxLength: 5 }),
      multiplicity: fc.integer({ min: 1, max: 3 }),
      rateCap: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    });
    const problem = fc.record({
      caps: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 80, maxLength: 80 }),
      linkCount: fc.integer({ min: 1, max: 80 }),
      flows: fc.array(flow, { maxLength: 70 }),
    });
    fc.assert(
      fc.property(fc.array(problem, { minLength: 1, maxLength: 8 }), (problems) => {
        const workspace = new MaxMinWorkspace();
        for (const { caps, linkCount, flows } of problems) {
          const inRange = flows.map((f) => ({ ...f, route: f.route.filter((l) => l < linkCount) }));
          const p = problemOf(caps.slice(0, linkCount), inRange);
          expect([...solveMaxMin(p, workspace)]).toEqual([...solveMaxMin(p)]);
        }
      }),
    );
  });

  it('rejects a route that names a link that does not exist', () => {
    // Only links 0 and 1 exist, so link 5 cannot be on a route.
    expect(() => solve([1, 1], [{ route: [5] }])).toThrow(/link id 5/);
  });

  it('returns feasible, max-min fair rates for random problems', () => {
    // Max-min fairness is equivalent to (Bertsekas & Gallager 6.5.2): feasibility, plus every flow
    // either at its cap or crossing a saturated link on which no flow has a higher rate.
    const flow = fc.record({
      route: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
      multiplicity: fc.integer({ min: 1, max: 3 }),
      rateCap: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    });
    const capacities = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(capacities, fc.array(flow, { minLength: 1, maxLength: 12 }), (caps, flows) => {
        const rates = solve(caps, flows);
        const load = caps.map(() => 0);
        const top = caps.map(() => 0);
        flows.forEach((f, i) => {
          for (const l of f.route) {
            load[l] = (load[l] as number) + f.multiplicity * (rates[i] as number);
            top[l] = Math.max(top[l] as number, rates[i] as number);
          }
        });
        const tol = (x: number) => REL_TOLERANCE * Math.max(1, x);
        caps.forEach((c, l) => {
          expect(load[l] as number).toBeLessThanOrEqual(c + tol(c));
        });
        flows.forEach((f, i) => {
          const r = rates[i] as number;
          const atCap = f.rateCap !== undefined && Math.abs(r - f.rateCap) <= tol(r);
          const bottleneck = f.route.some((l) => (load[l] as number) >= (caps[l] as number) - tol(caps[l] as number) && r >= (top[l] as number) - tol(r));
          expect(atCap || bottleneck, `flow ${i} rate ${r}`).toBe(true);
        });
      }),
    );
  });
});
