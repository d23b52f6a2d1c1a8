import { describe, expect, it } from 'vitest';
import { runProgress } from './run-progress.js';

describe('runProgress', () => {
  it('runProgress says nothing in the quiet time, then a line per tenth of each phase', () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = runProgress(
      'serve',
      (l) => lines.push(l),
      3000,
      () => clock,
    );
    progress(50, 1000, 'reading');
    clock = 3500;
    // Past the quiet time: the tenth it has reached, once, then each new tenth.
    for (const done of [120, 150, 199, 200, 950]) progress(done, 1000, `${done} read`);
    progress(10, 100, 'serving');
    progress(10, 100, 'serving');
    progress(50, 100, 'serving again');
    // The next of several runs counts from the start again: a new phase.
    progress(20, 100, 'serving a third time');
    expect(lines).toEqual([
      'serve: 120 read (12%)',
      'serve: 200 read (20%)',
      'serve: 950 read (95%)',
      'serve: serving (10%)',
      'serve: serving again (50%)',
      'serve: serving a third time (20%)',
    ]);
  });
});
