import { readdirSync, readFileSync } from 'node:fs';
import { checkSweep, expandPoints, PointEvaluator, parseSweepSpec, systemPresets } from '@supernode/core';
import { describe, expect, it } from 'vitest';

const dir = new URL('../scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('scenarios/', () => {
  it.each(files)('%s is a sweep that checks and whose smallest and largest designs run', (file) => {
    const spec = parseSweepSpec(readFileSync(new URL(file, dir), 'utf8'), file);
    const input = systemPresets.get(spec.system).input as Record<string, unknown>;
    checkSweep(spec, input);
    const points = expandPoints(spec);
    const evaluator = new PointEvaluator(spec, input);
    for (const p of [points[0], points.at(-1)]) {
      const r = evaluator.evaluate(p as (typeof points)[number]);
      expect(r.status, r.error).toBe('ok');
      expect(r.feasible, r.violations.join('; ')).toBe(true);
    }
  });

  it('the claim scenarios cover scale-up domains of 8 to 512 GPUs', () => {
    expect(files).toEqual(expect.arrayContaining(['supernode-claim-inference.yaml', 'supernode-claim-training.yaml']));
    const spec = parseSweepSpec(readFileSync(new URL('supernode-claim-inference.yaml', dir), 'utf8'), 'x.yaml');
    const sizes = expandPoints(spec).map((p) => p.params['system.scaleUp.domainSize']);
    expect([...new Set(sizes)]).toEqual([8, 16, 32, 64, 128, 256, 512]);
  });
});
