import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAN_CHECK_CASES, planChecks } from './plan-checks.js';
import type { PublishedCase } from './types.js';

const cases = JSON.parse(readFileSync(new URL('../../../../validation/cases.json', import.meta.url), 'utf8')) as PublishedCase[];

describe('planChecks', () => {
  it('every production run it checks is a training case of the data, with its source', () => {
    for (const id of PLAN_CHECK_CASES) {
      const c = cases.find((x) => x.id === id);
      expect(c?.kind, id).toBe('training');
      expect(c?.source.length, id).toBeGreaterThan(10);
    }
  });

  it("NeMo's Nemotron-340B plan on 128 H100s fits, ranks first and is what the search finds best: the check passes", () => {
    const [check] = planChecks(cases, 'Nemotron-340B');
    expect(check?.fits).toBe(true);
    expect(check?.rank).toBe(1);
    expect(check?.bestTokensPerSecPerGpu).toBeCloseTo(check?.publishedTokensPerSecPerGpu as number, 9);
    expect(check?.pass).toBe(true);
  });

  it("DeepSeek-V3's plan (16 uneven stages under DualPipe) is among those searched, at the search's own split, and ranks in the best ten", () => {
    const [check] = planChecks(cases, 'deepseekv3-per-T');
    expect(check?.fits).toBe(true);
    expect(check?.rank).toBeLessThanOrEqual(10);
    expect(check?.bestTokensPerSecPerGpu).toBeGreaterThanOrEqual(check?.publishedTokensPerSecPerGpu as number);
    expect(check?.pass).toBe(true);
  });
});
