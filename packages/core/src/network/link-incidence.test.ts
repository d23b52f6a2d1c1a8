import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkIncidence } from './link-incidence.js';

const LIVE = 1;
const DEAD = 2;

function listOf(incidence: LinkIncidence, link: number): number[] {
  const start = incidence.startOf(link);
  return [...incidence.pool.subarray(start, start + incidence.countOf(link))];
}

describe('LinkIncidence.prune', () => {
  it('keeps live flows in the order they were added and drops finished ones', () => {
    // Flows 0..5 on link 0; flows 1 and 4 finish: the survivors 0, 2, 3, 5 keep their order.
    const incidence = new LinkIncidence(1);
    const state = new Uint8Array(6).fill(LIVE);
    for (let f = 0; f < 6; f++) incidence.add(0, f);
    state[1] = DEAD;
    state[4] = DEAD;
    expect(incidence.prune(0, state, LIVE)).toBe(4);
    expect(listOf(incidence, 0)).toEqual([0, 2, 3, 5]);
  });

  it('matches plain per-link arrays through any mix of adds, finishes and prunes', () => {
    // Many adds across 5 links force segments to move and the pool to compact; the reference
    // is one JS array per link with the same add and filter operations.
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ finish: fc.nat() }),
      fc.record({ prune: fc.integer({ min: 0, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const incidence = new LinkIncidence(5);
        const reference: number[][] = [[], [], [], [], []];
        const state = new Uint8Array(400);
        let flows = 0;
        for (const o of ops) {
          if ('add' in o) {
            state[flows] = LIVE;
            incidence.add(o.add, flows);
            reference[o.add]?.push(flows++);
          } else if ('finish' in o) {
            if (flows > 0) state[o.finish % flows] = DEAD;
          } else {
            const kept = (reference[o.prune] as number[]).filter((f) => state[f] === LIVE);
            reference[o.prune] = kept;
            expect(incidence.prune(o.prune, state, LIVE)).toBe(kept.length);
          }
        }
        for (let l = 0; l < 5; l++) expect(listOf(incidence, l)).toEqual(reference[l]);
      }),
    );
  });
});
