import { describe, expect, it } from 'vitest';
import { createScheduleBuilder, rank, switchOf } from './schedule-builder.js';

describe('createScheduleBuilder', () => {
  it('numbers transfers in the order they are added', () => {
    const b = createScheduleBuilder();
    expect(b.add(rank(0), switchOf(0), 10)).toBe(0);
    expect(b.add(switchOf(1), rank(1), 10, [0])).toBe(1);
    expect(b.build().transfers[1]).toEqual({ src: { switchOfRank: 1 }, dst: { rank: 1 }, bytes: 10, deps: [0] });
  });
  it('refuses a dependency on a transfer not yet added, keeping the schedule in topological order', () => {
    const b = createScheduleBuilder();
    expect(() => b.add(rank(0), rank(1), 10, [0])).toThrow('transfer 0 depends on 0, not an earlier transfer');
  });
});
