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
    expect(parseSweepSpec(`name: v1..v2 grid\n${base}axes: [ { path: args.tp, values: [1] } ]`, 'x.yaml').name).toBe('v1..v2 grid');
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
    [
      'a name that is a path',
      `name: ../../outside\n${base}axes: [ { path: args.tp, values: [1] } ]`,
      /^bad\.yaml: name: '\.\.\/\.\.\/outside' is not a plain file name, and a sweep's name names its results file/,
    ],
    ['a name with a control character', `name: "tp\\ngrid"\n${base}axes: [ { path: args.tp, values: [1] } ]`, /name: 'tp\\ngrid' is not a plain file name/],
  ])('parseSweepSpec refuses %s', (_what, text, message) => {
    expect(() => parseSweepSpec(text, 'bad.yaml')).toThrow(SweepSpecError);
    expect(() => parseSweepSpec(text, 'bad.yaml')).toThrow(message);
  });
});

describe('parseSweepSpec ranges and lists', () => {
  const axis = (line: string) => parseSweepSpec(`${base}axes:\n  - ${line}\n`, 'r.yaml').axes[0];

  it('parseSweepSpec keeps a decimal range whose ends YAML reads as whole numbers: 1.0 to 2.0 in 11 steps is 11 values', () => {
    // YAML reads `1.0` and `2.0` as the numbers 1 and 2; the range is still 1, 1.1, ..., 2 (tenths, as written), not 1, 2.
    expect(axis('{ path: system.facility.pue, range: { from: 1.0, to: 2.0, steps: 11 } }')).toEqual({
      path: 'system.facility.pue',
      values: [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2],
    });
    // Whole ends and steps between them: 1024 + 7168 / 3 = 3413.333..., kept as a decimal unless integer: true.
    expect(axis('{ path: args.seq, range: { from: 1024, to: 8192, steps: 4 } }')?.values).toEqual([1024, 3413.33333333, 5802.66666667, 8192]);
    expect(axis('{ path: args.seq, range: { from: 1024, to: 8192, steps: 4, integer: true } }')?.values).toEqual([1024, 3413, 5803, 8192]);
  });

  it('parseSweepSpec keeps the ends exactly and tidies only floating-point noise between them', () => {
    // 0.1 + 2 x (0.3 - 0.1) / 2 is 0.30000000000000004 in binary; the end is the 0.3 written.
    expect(axis('{ path: system.facility.pue, range: { from: 0.1, to: 0.3, steps: 3 } }')?.values).toEqual([0.1, 0.2, 0.3]);
    // Ends with 14 significant digits stay as written, and steps a ten-trillionth apart are not rounded together.
    const fine = axis('{ path: system.facility.pue, range: { from: 1.0000000000001, to: 1.0000000000005, steps: 5 } }')?.values as number[];
    expect(fine[0]).toBe(1.0000000000001);
    expect(fine[4]).toBe(1.0000000000005);
    expect(new Set(fine).size).toBe(5);
    // A log range of whole ends lands on whole numbers without integer: true: 8 x 4^(i/4).
    expect(axis('{ path: system.scaleUp.domainSize, range: { from: 8, to: 128, steps: 3, scale: log } }')?.values).toEqual([8, 32, 128]);
  });

  it('parseSweepSpec keeps lists of decimals as written', () => {
    expect(axis('{ path: system.facility.pue, values: [1.0, 1.05, 1.1, 1.15] }')?.values).toEqual([1, 1.05, 1.1, 1.15]);
  });

  it.each([
    [
      'integer: true with more steps than whole numbers',
      '{ path: args.tp, range: { from: 1, to: 3, steps: 5, integer: true } }',
      /axes\.0\.range \(axis 'args\.tp'\): integer: true rounds its 5 steps from 1 to 3 to \[1, 2, 2, 3, 3\], repeating 2; 1 to 3 holds 3 whole numbers: ask for fewer steps, or drop integer: true/,
    ],
    [
      'integer: true with decimal ends',
      '{ path: args.tp, range: { from: 1.5, to: 3, steps: 2, integer: true } }',
      /integer: true needs whole-number ends, received 1.5 to 3/,
    ],
    [
      'a range from a value to itself',
      '{ path: args.tp, range: { from: 2, to: 2, steps: 3 } }',
      /from and to are both 2, so its 3 steps repeat one value; list it as values: \[2\]/,
    ],
    [
      'a list with a repeated value',
      '{ path: system.facility.pue, values: [1.0, 1.5, 1] }',
      /axes\.0\.values \(axis 'system\.facility\.pue'\): 1 appears more than once in \[1, 1\.5, 1\]; each value is one point, so list each once/,
    ],
    [
      'a list repeating an object in another key order',
      '{ path: system.facility, values: [ { pue: 1.2, usdPerKwh: 0.1 }, { usdPerKwh: 0.1, pue: 1.2 } ] }',
      /\{"pue":1\.2,"usdPerKwh":0\.1\} appears more than once/,
    ],
    [
      'zipped axes repeating a pair',
      'zip: [ { path: args.mbs, values: [1, 2, 1, 2] }, { path: args.gbs, values: [64, 128, 64, 256] } ]',
      /axes\.0\.zip: axes 'args\.mbs', 'args\.gbs' take the values \[1,64\] together more than once/,
    ],
  ])('parseSweepSpec refuses %s, naming the axis and the values', (_what, line, message) => {
    expect(() => axis(line)).toThrow(SweepSpecError);
    expect(() => axis(line)).toThrow(message);
  });

  it('parseSweepSpec lets a zipped axis repeat a value while the zip steps differ', () => {
    const text = `${base}axes:\n  - zip: [ { path: args.mbs, values: [1, 2, 1] }, { path: args.gbs, range: { from: 64, to: 256, steps: 3 } } ]\n`;
    expect(parseSweepSpec(text, 'r.yaml').axes[0]).toEqual({
      zip: [
        { path: 'args.mbs', values: [1, 2, 1] },
        { path: 'args.gbs', values: [64, 160, 256] },
      ],
    });
  });

  it('parseSweepSpec refuses a path swept by two axes', () => {
    const text = `${base}axes:\n  - { path: args.tp, values: [1, 2] }\n  - zip: [ { path: args.pp, values: [1, 2] }, { path: args.tp, values: [4, 8] } ]\n`;
    expect(() => parseSweepSpec(text, 'r.yaml')).toThrow(
      /axes\.1\.zip\.1: axis 'args\.tp' is already swept by axes\.0; a path takes one axis, so merge their values/,
    );
  });
});

describe('parseConstraint', () => {
  it('parseConstraint reads comparisons and yes/no metrics, and names a malformed one', () => {
    expect(parseConstraint('ttftP99Ms < 2e3')).toEqual({ metric: 'ttftP99Ms', op: '<', bound: 2000 });
    expect(() => parseConstraint('ttft is small', 'constraints.1')).toThrow(/constraints\.1: 'ttft is small' is not 'metric <= number'/);
  });
});
