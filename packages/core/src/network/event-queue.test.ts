import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

function drain(queue: EventQueue): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (queue.size > 0) {
    const payload = queue.pop();
    out.push([queue.lastPoppedTime, payload]);
  }
  return out;
}

describe('EventQueue.pop', () => {
  it('pops the earliest time first and equal times in insertion order', () => {
    const queue = new EventQueue();
    queue.push(2, 7);
    queue.push(1, 8);
    queue.push(2, 9);
    queue.push(2, 3);
    // Time 1 comes first; the three time-2 events were pushed as 7, 9, 3, so FIFO keeps that order.
    expect(drain(queue)).toEqual([
      [1, 8],
      [2, 7],
      [2, 9],
      [2, 3],
    ]);
  });

  it('throws on an empty queue, whose peekTime is Infinity', () => {
    const queue = new EventQueue();
    // Nothing queued: there is no earliest event, so the earliest time is +Infinity and pop has nothing to return.
    expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
    expect(() => queue.pop()).toThrow(/empty/);
  });

  it('matches a stable sort by time for any interleaving of pushes and pops', () => {
    // Times drawn from 0..5 force many ties; the reference keeps a list stably sorted by time,
    // so its head is always the earliest, first-pushed event: exactly the contract of pop().
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 5 }) }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue(1);
        const reference: Array<[number, number]> = [];
        let nextPayload = 0;
        for (const o of ops) {
          if ('push' in o) {
            queue.push(o.push, nextPayload);
            const at = reference.findIndex(([t]) => t > o.push);
            reference.splice(at === -1 ? reference.length : at, 0, [o.push, nextPayload++]);
          } else if (reference.length > 0) {
            const [time, payload] = reference.shift() as [number, number];
            expect(queue.pop()).toBe(payload);
            expect(queue.lastPoppedTime).toBe(time);
          }
          expect(queue.size).toBe(reference.length);
        }
        expect(drain(queue)).toEqual(reference);
      }),
    );
  });
});

describe('EventQueue.push', () => {
  it('rejects NaN times, which would break the heap order', () => {
    // NaN compares false with everything, so it can be neither before nor after any event.
    expect(() => new EventQueue().push(Number.NaN, 1)).toThrow(/NaN/);
  });
});

describe('EventQueue.retain', () => {
  it('drops rejected events and keeps the survivors in (time, insertion) order', () => {
    const queue = new EventQueue();
    for (let i = 0; i < 20; i++) queue.push(i % 4, i);
    queue.retain((_time, payload) => payload % 3 !== 0);
    // Survivors are the payloads not divisible by 3; sorted by time i % 4, then by push order i.
    const expected = [...Array(20).keys()]
      .filter((i) => i % 3 !== 0)
      .sort((a, b) => (a % 4) - (b % 4) || a - b)
      .map((i) => [i % 4, i]);
    expect(drain(queue)).toEqual(expected);
  });
});
