import { describe, expect, it } from 'vitest';
import { publishedCase } from '../../../../test/published-cases.js';
import { validateReliabilityCase } from './run-reliability.js';
import type { PublishedCase } from './types.js';

describe('validateReliabilityCase', () => {
  const c = publishedCase('reliability-llama3-405b-16k-h100', 'reliability' as never) as unknown as PublishedCase;
  const outcome = validateReliabilityCase(c);
  const rows = 'rows' in outcome ? outcome.rows : [];

  it('validateReliabilityCase predicts the Llama 3 16K-GPU interruptions per day within 25%', () => {
    const total = rows[0];
    expect(total?.id).toBe(c.id);
    expect(total?.published).toBe(419);
    expect(Math.abs(total?.errorPct ?? 100)).toBeLessThan(25);
  });

  it('validateReliabilityCase lists every published cause in one component row, 419 in all', () => {
    const causes = (c.conditions.by_cause as { cause: string; count: number }[]).map((x) => x.cause);
    expect(causes).toHaveLength(18);
    const perCause = rows.slice(1);
    for (const cause of causes)
      expect(
        perCause.some((r) => r.setup.includes(`${cause} `)),
        cause,
      ).toBe(true);
    expect(perCause.reduce((n, r) => n + r.published, 0)).toBe(419);
  });

  it('validateReliabilityCase keeps the case in the dev set: the catalogue rates come from it', () => {
    expect(rows.every((r) => r.set === 'dev' && r.kind === 'reliability')).toBe(true);
  });
});
