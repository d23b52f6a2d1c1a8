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

describe('validateReliabilityCase on fleets the rates were not fitted on', () => {
  const base = { kind: 'reliability', system: 'test fleet', metric: 'failures', unit: 'failures', source: 'test', set: 'holdout' };
  const only = (conditions: Record<string, unknown>, value: number | string = 1) => {
    const outcome = validateReliabilityCase({ ...base, id: 'fleet', conditions, value } as unknown as PublishedCase);
    if (!('rows' in outcome)) throw new Error(outcome.skip);
    return outcome.rows;
  };

  it('validateReliabilityCase counts only the listed components, or every one but software for hardware', () => {
    const all = only({ preset: 'hgx-h100', gpus: 1024, days: 10 })[0]?.predicted ?? 0;
    const hardware = only({ preset: 'hgx-h100', gpus: 1024, days: 10, counts: 'hardware' })[0]?.predicted ?? 0;
    const gpuHbm = only({ preset: 'hgx-h100', gpus: 1024, days: 10, counts: ['gpu', 'hbm'] })[0]?.predicted ?? 0;
    // Software faults: 63 of Llama 3's 419 in 54 days on 16,384 GPUs, so 63 x (1,024 / 16,384) x (10 / 54) here.
    expect(all - hardware).toBeCloseTo((63 * (1024 / 16_384) * 10) / 54, 6);
    // GPU and HBM: 196 + 72 on the same exposure.
    expect(gpuHbm).toBeCloseTo(((196 + 72) * (1024 / 16_384) * 10) / 54, 6);
    expect(hardware).toBeGreaterThan(gpuHbm);
  });

  it('validateReliabilityCase per_unit gives the share of one component failing in the period, independent of the fleet size', () => {
    const small = only({ preset: 'hgx-h100', gpus: 1024, days: 30, per_unit: 'link' }, 0.00057);
    const large = only({ preset: 'hgx-h100', gpus: 8192, days: 30, per_unit: 'link' }, 0.00057);
    expect(small[0]?.unit).toBe('share of units');
    expect(small[0]?.predicted).toBeCloseTo(large[0]?.predicted ?? 0, 12);
    expect(small[0]?.set).toBe('holdout');
  });

  it('validateReliabilityCase skips, naming the preset and size, a fleet the preset cannot build or a component it lacks', () => {
    const unbuildable = validateReliabilityCase({
      ...base,
      id: 'big',
      conditions: { preset: 'dgx-a100', gpus: 16_384, days: 1 },
      value: 1,
    } as unknown as PublishedCase);
    expect('skip' in unbuildable && unbuildable.skip).toMatch(/^dgx-a100 x 16384: .*leaves/);
    const missing = validateReliabilityCase({
      ...base,
      id: 'pool',
      conditions: { preset: 'hgx-h100', days: 1, per_unit: 'memory-pool' },
      value: 1,
    } as unknown as PublishedCase);
    expect('skip' in missing && missing.skip).toMatch(/no 'memory-pool'/);
  });
});
