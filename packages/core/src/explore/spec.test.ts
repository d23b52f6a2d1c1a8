import { describe, expect, it } from 'vitest';
import { parseConstraint, parseSweepSpec, SweepSpecError } from './spec.js';

const base = `command: train
system: hgx-h100
gpus: 64
args: { model: llama3-8b, tp: 1, pp: 1, mbs: 1, gbs: 64, seq: 4096 }
`;

describe('parseSweepSpec', () => {
  it('parseSweepSpec reads lists, log and linear ranges, and zipped axes', () => {
    const spec = parseSweepSpec(
      `${base}axes:
  - { path: args.tp, values: [1, 2, 4] }
  - { path: system.scaleUp.domainSize, range: { from: 8, to: 512, steps: 7, scale: log } }
  - { path: system.facility.pue, range: { from: 1.1, to: 1.3, steps: 3 } }
  - zip: [ { path: args.mbs, values: [1, 2] }, { path: args.gbs, values: [64, 128] } ]
objectives: [ { metric: tokensPerSecPerGpu, goal: max } ]
constraints: [ fits, "rackKw <= 350" ]
`,
      'sweeps/tp.yaml',
    );
    expect(spec.name).toBe('tp');
    expect(spec.axes[1]).toEqual({ path: 'system.scaleUp.domainSize', values: [8, 16, 32, 64, 128, 256, 512] });
    expect(spec.axes[2]).toEqual({ path: 'system.facility.pue', values: [1.1, 1.2, 1.3] });
    expect(spec.constraints).toEqual([
      { metric: 'fits', op: 'true' },
      { metric: 'rackKw', op: '<=', bound: 350 },
    ]);
  });

  it.each([
    ['an empty axis', `${base}axes: [ { path: args.tp, values: [] } ]`, /axes\.0.values: empty axis: 'args.tp' lists no values/],
    [
      'an axis with values and a range',
      `${base}axes: [ { path: args.tp, values: [1], range: { from: 1, to: 2, steps: 2 } } ]`,
      /needs either values or range, not both/,
    ],
    ['no axes', `${base}axes: []`, /a sweep needs at least one axis/],
    ['an unknown top-level field', `${base}axis: []`, /unrecognized key/i],
    ['a log range through zero', `${base}axes: [ { path: args.tp, range: { from: 0, to: 8, steps: 4, scale: log } } ]`, /a log range needs positive ends/],
    ['a repeated key', `${base}axes: [ { path: args.tp, path: args.pp, values: [1] } ]`, /'path' appears twice/],
  ])('parseSweepSpec refuses %s', (_what, text, message) => {
    expect(() => parseSweepSpec(text, 'bad.yaml')).toThrow(SweepSpecError);
    expect(() => parseSweepSpec(text, 'bad.yaml')).toThrow(message);
  });
});

describe('parseConstraint', () => {
  it('parseConstraint reads comparisons and yes/no metrics, and names a malformed one', () => {
    expect(parseConstraint('ttftP99Ms < 2e3')).toEqual({ metric: 'ttftP99Ms', op: '<', bound: 2000 });
    expect(() => parseConstraint('ttft is small', 'constraints.1')).toThrow(/constraints\.1: 'ttft is small' is not 'metric <= number'/);
  });
});
