import { describe, expect, it } from 'vitest';
import { systemPresets } from '../presets/registry.js';
import { parseSweepSpec } from './spec.js';
import { checkSweep, expandPoints, PointEvaluator } from './sweep.js';

const h100 = systemPresets.get('hgx-h100').input as Record<string, unknown>;
const spec = (axes: string, extra = '') =>
  parseSweepSpec(
    `command: train
system: hgx-h100
gpus: 64
args: { model: llama3-8b, tp: 1, pp: 1, mbs: 1, gbs: 64, seq: 4096 }
axes:
${axes}
${extra}`,
    'sweep.yaml',
  );

describe('expandPoints', () => {
  it('expandPoints multiplies axes out with the first outermost, and moves zipped axes together', () => {
    const points = expandPoints(
      spec('  - { path: args.tp, values: [1, 2] }\n  - zip: [ { path: args.mbs, values: [1, 2, 4] }, { path: args.gbs, values: [64, 128, 256] } ]'),
    );
    expect(points.map((p) => [p.params['args.tp'], p.params['args.mbs'], p.params['args.gbs']])).toEqual([
      [1, 1, 64],
      [1, 2, 128],
      [1, 4, 256],
      [2, 1, 64],
      [2, 2, 128],
      [2, 4, 256],
    ]);
    expect(points[4]?.key).toBe('{"args.tp":2,"args.mbs":2,"args.gbs":128}');
  });
});

describe('checkSweep', () => {
  it.each([
    [
      'an unknown scenario field',
      '  - { path: system.scaleUp.domainSzie, values: [8] }',
      '',
      /unknown field path: no field 'domainSzie' in scaleUp \(did you mean 'domainSize'\?\)/,
    ],
    ['an unknown root', '  - { path: scaleUp.domainSize, values: [8] }', '', /expected gpus, system.<scenario field> or args.<train argument>/],
    ['an unknown argument', '  - { path: args.tpp, values: [1] }', '', /train takes no argument 'tpp'/],
    [
      'zipped axes of different lengths',
      '  - zip: [ { path: args.mbs, values: [1, 2] }, { path: args.gbs, values: [64] } ]',
      '',
      /need the same number of values/,
    ],
    [
      'an unknown metric',
      '  - { path: args.tp, values: [1] }',
      'objectives: [ { metric: tokensPerSecond, goal: max } ]',
      /reports no metric 'tokensPerSecond'/,
    ],
    [
      'a bad argument value',
      '  - { path: args.precision, values: [fp16] }',
      '',
      /args.precision: expected one of bf16, fp8, nvfp4 \(or fp4 for nvfp4\), received 'fp16'/,
    ],
    [
      'a __proto__ segment',
      '  - { path: system.__proto__.x, values: [1] }',
      '',
      /axis 'system.__proto__.x': segment '__proto__' names JavaScript's object machinery, not a field/,
    ],
    ['a constructor argument', '  - { path: args.constructor, values: [1] }', '', /axis 'args.constructor': segment 'constructor'/],
    [
      'decimal steps over a count',
      '  - { path: args.seq, range: { from: 1024, to: 8192, steps: 4 } }',
      '',
      /^args\.seq: expected a whole number from 1 to 16,777,216, received 3413\.33333333; axis 'args\.seq' takes whole numbers, so a range over it needs integer: true$/,
    ],
    [
      'decimal steps over a whole-number scenario field',
      '  - { path: system.scaleUp.domainSize, range: { from: 8, to: 128, steps: 4, scale: log } }',
      '',
      /^axis 'system\.scaleUp\.domainSize': value 20\.1587367983 is not accepted: Invalid input: expected int, received number; axis 'system\.scaleUp\.domainSize' takes whole numbers, so a range over it needs integer: true$/,
    ],
    [
      'a scenario value out of bounds',
      '  - { path: system.facility.pue, values: [1.2, 0.5] }',
      '',
      /^axis 'system\.facility\.pue': value 0\.5 is not accepted: /,
    ],
    ['an inherited name as a scenario field', '  - { path: system.scaleUp.toString, values: [1] }', '', /no field 'toString' in scaleUp/],
  ])('checkSweep refuses %s before anything runs', (_what, axes, extra, message) => {
    expect(() => checkSweep(spec(axes, extra), h100)).toThrow(message);
  });
});

describe('PointEvaluator', () => {
  it('PointEvaluator runs each point on its own design and checks the constraints', () => {
    const s = spec('  - { path: system.scaleUp.domainSize, values: [8] }\n  - { path: args.tp, values: [1, 2, 3] }', 'constraints: [ fits, "mfu >= 0.99" ]');
    checkSweep(s, h100);
    const evaluator = new PointEvaluator(s, h100);
    const [tp1, tp2, tp3] = expandPoints(s).map((p) => evaluator.evaluate(p));
    expect(tp1?.status).toBe('ok');
    expect(tp1?.metrics.gpus).toBe(64);
    expect(tp1?.metrics.tokensPerSecPerGpu).toBeGreaterThan(1000);
    expect(tp1?.feasible).toBe(false);
    expect(tp1?.violations[0]).toMatch(/^mfu 0\.\d+ not >= 0.99$/);
    expect(Number(tp2?.metrics.memoryPerGpuGiB)).toBeLessThan(Number(tp1?.metrics.memoryPerGpuGiB));
    // TP 3 does not divide Llama-3-8B's 32 heads: the point fails with the reason, the sweep goes on.
    expect(tp3?.status).toBe('failed');
    expect(tp3?.error).toMatch(/TP 3 does not divide the 32 attention heads/);
  });

  it('PointEvaluator gives the same results whatever the order points are asked in', () => {
    const s = spec('  - { path: gpus, values: [16, 64] }\n  - { path: args.mbs, values: [1, 2] }');
    const points = expandPoints(s);
    const forward = points.map((p) => new PointEvaluator(s, h100).evaluate(p));
    const shared = new PointEvaluator(s, h100);
    const backward = [...points]
      .reverse()
      .map((p) => shared.evaluate(p))
      .reverse();
    expect(backward).toEqual(forward);
  });
});

describe('what-if axes', () => {
  it('a sweep varies the spread of GPU speeds and the set of failed components like any other field', () => {
    const stragglers = spec(
      '  - { path: system.stragglers, values: [ { spread: { distribution: normal, cv: 0.01, seed: 1 } }, { spread: { distribution: normal, cv: 0.05, seed: 1 } } ] }',
    );
    checkSweep(stragglers, h100);
    const evaluator = new PointEvaluator(stragglers, h100);
    const [narrow, wide] = expandPoints(stragglers).map((p) => evaluator.evaluate(p));
    expect(Number(narrow?.metrics.stragglerSlowdown)).toBeGreaterThan(0);
    expect(Number(wide?.metrics.stragglerSlowdown)).toBeGreaterThan(3 * Number(narrow?.metrics.stragglerSlowdown));

    const failures = parseSweepSpec(
      `command: collective
system: hpn-h800
args: { op: allreduce, group: "5-125:8", sizes: 1GiB, algorithm: ring, fidelity: flow }
axes:
  - { path: system.failures, values: [ [], [ { kind: link, layer: scale-out, plane: 0, gpu: 5 } ], [ { kind: nic, gpu: 13 } ] ] }`,
      'failures.yaml',
    );
    const hpn = systemPresets.get('hpn-h800').input as Record<string, unknown>;
    checkSweep(failures, hpn);
    const onFailures = new PointEvaluator(failures, hpn);
    const [healthy, linkDown, nicDown] = expandPoints(failures).map((p) => onFailures.evaluate(p));
    expect(Number(linkDown?.metrics.busbwGBps) / Number(healthy?.metrics.busbwGBps)).toBeCloseTo(0.5, 1);
    expect(nicDown?.status).toBe('failed');
    expect(nicDown?.error).toMatch(/GPU 13 is cut off from the scale-out network/);
  });
});

describe('work limits in sweeps', () => {
  it('a point past its work limit fails with args.<field> and how to allow it, and args.allowLarge lifts the limit', () => {
    const spec = (allow: string) =>
      parseSweepSpec(
        `command: collective\nsystem: al128\ngpus: 2048\nargs: { op: alltoall, sizes: 1G:8G${allow} }\naxes:\n  - { path: args.fidelity, values: [flow] }\n`,
        'limits.yaml',
      );
    const input = systemPresets.get('al128').input as Record<string, unknown>;
    const [point] = expandPoints(spec('')).map((p) => new PointEvaluator(spec(''), input).evaluate(p));
    expect(point?.status).toBe('failed');
    expect(point?.error).toBe(
      'args.sizes: this run would simulate about 16,800,000 flows over all sizes, past the 2,000,000 a run takes by default; give args.allowLarge: true to run it anyway',
    );
    expect(() => checkSweep(spec(', allowLarge: true'), input)).not.toThrow();
  });
});
