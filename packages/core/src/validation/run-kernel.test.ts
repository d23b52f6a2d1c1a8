import { describe, expect, it } from 'vitest';
import { publishedCases } from '../../../../test/published-cases.js';
import { validateKernelCase } from './run-kernel.js';

const kernels = publishedCases.filter((c) => c.kind === 'kernel');

describe('validateKernelCase', () => {
  it('predicts every kernel case, each with a source and a set', () => {
    expect(kernels.length).toBeGreaterThan(50);
    for (const c of kernels) {
      const outcome = validateKernelCase(c);
      expect('row' in outcome, c.id).toBe(true);
      if ('row' in outcome) expect(Number.isFinite(outcome.row.predicted) && outcome.row.predicted > 0, c.id).toBe(true);
      expect(c.source.length).toBeGreaterThan(20);
    }
  });

  it('keeps the dev kernel cases the constants were fitted on within 40%, their median within 10%', () => {
    // Expected because each mechanism's constants are fitted on its table or published rows, of which these are members.
    const errors = kernels
      .filter((c) => c.set !== 'holdout')
      .map((c) => {
        const outcome = validateKernelCase(c);
        return 'row' in outcome ? Math.abs(outcome.row.errorPct) : Number.POSITIVE_INFINITY;
      });
    for (const e of errors) expect(e).toBeLessThan(40);
    const sorted = [...errors].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(10);
  });
});
