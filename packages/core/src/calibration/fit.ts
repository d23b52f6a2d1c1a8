/**
 * Fits a system's collective constants to nccl-tests runs by least squares: scale-up and scale-out bandwidth
 * efficiency, the in-switch reduction rate and the collective library's latency scale, each only where the runs
 * depend on it; returns the fitted fields as a scenario would set them and every size before and after.
 */

import { ArgumentError } from '../base/errors.js';
import { deepMerge } from '../base/merge.js';
import { CollectiveSession, runCollective } from '../comm/run.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem, type System } from '../system/system.js';
import type { NcclTestsRun } from './nccl-tests.js';
import { nelderMead } from './nelder-mead.js';

/** A constant the fit may move: where a scenario sets it, its value in the system as given, and its bounds. */
interface Parameter {
  readonly path: readonly string[];
  /** What it is, for the report. */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly value: (s: System) => number | undefined;
}

/**
 * The constants, in the order they are fitted. Bounds: an efficiency from 0.2 to 1 of the line rate; a reduction rate
 * from a quarter to four times the chip's; latencies from a tenth to ten times the model's.
 */
const PARAMETERS: readonly Parameter[] = [
  {
    path: ['scaleUp', 'protocolEfficiency'],
    label: 'share of scale-up link bandwidth collectives get',
    min: 0.2,
    max: 1,
    value: (s) => s.spec.scaleUp.protocolEfficiency,
  },
  {
    path: ['scaleOut', 'protocolEfficiency'],
    label: 'share of scale-out line rate collectives get',
    min: 0.2,
    max: 1,
    value: (s) => s.spec.scaleOut?.protocolEfficiency,
  },
  {
    path: ['scaleUp', 'reductionRate'],
    label: 'operand bytes a scale-up switch chip reduces per second',
    min: 0,
    max: Number.POSITIVE_INFINITY,
    value: (s) => (s.spec.scaleUp.inSwitchReduction ? s.spec.scaleUp.reductionRate : undefined),
  },
  {
    path: ['collectives', 'latencyScale'],
    label: "the collective library's latencies against the model's",
    min: 0.1,
    max: 10,
    value: (s) => s.spec.collectives.latencyScale,
  },
];

/** A parameter moves the predictions when 5% of it changes some size's time by more than this share. */
const SENSITIVITY = 5e-4;

export interface FittedConstant {
  readonly path: readonly string[];
  readonly label: string;
  readonly before: number;
  readonly after: number;
}

export interface CalibratedSize {
  readonly file: string;
  readonly tool: string;
  readonly line: number;
  readonly bytes: number;
  readonly measuredS: number;
  readonly beforeS: number;
  readonly afterS: number;
}

export interface Calibration {
  readonly constants: readonly FittedConstant[];
  /** The constants the runs do not depend on, left as they were. */
  readonly untouched: readonly string[];
  readonly sizes: readonly CalibratedSize[];
  /** Median |predicted / measured - 1| over every size, before and after, in percent. */
  readonly medianErrorPctBefore: number;
  readonly medianErrorPctAfter: number;
  /** The fitted fields as a scenario sets them (nested: `{ scaleUp: { protocolEfficiency } }`). */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly evaluations: number;
}

export interface CalibrateOptions {
  /** Fit the in-place column instead of the out-of-place one. */
  readonly inPlace?: boolean;
}

/**
 * Fits `input` (a scenario's fields, `extends` merged) to `runs` at analytical fidelity: each run on ranks 0 to n - 1 of
 * the smallest system of the design that holds them, every size's time against the model's, least squares on the log
 * of the ratio (so 1 KB and 16 GB weigh alike). Example: an 8-GPU all_reduce_perf from 1 KiB to 8 GiB on hgx-h100
 * moves scale-up efficiency and the latency scale (and the NVLS reduction rate if the switch reduces).
 */
export function calibrate(input: Readonly<Record<string, unknown>>, runs: readonly NcclTestsRun[], options: CalibrateOptions = {}): Calibration {
  if (runs.length === 0) throw new ArgumentError('logs', 'expected at least one nccl-tests log');
  const ranks = Math.max(...runs.map((r) => r.ranks));
  const build = (fields: Readonly<Record<string, unknown>>) => buildSystem(systemSchema.parse(deepMerge(input, fields)), { gpus: ranks, job: true });
  const base = build({});
  const points = runs.flatMap((run) => run.rows.map((row) => ({ run, row, measuredS: options.inPlace ? (row.inPlaceS ?? row.outOfPlaceS) : row.outOfPlaceS })));
  const predict = (system: System) => {
    const session = new CollectiveSession(system);
    const groups = new Map<number, number[]>();
    return points.map(({ run, row }) => {
      let group = groups.get(run.ranks);
      if (!group) {
        group = Array.from({ length: run.ranks }, (_, i) => i);
        groups.set(run.ranks, group);
      }
      return runCollective(session, { op: run.op, group, bytes: row.bytes, algorithm: 'auto', fidelity: 'analytical' }).timeUs * 1e-6;
    });
  };
  const fieldsOf = (params: readonly Parameter[], values: readonly number[]) =>
    params.reduce<Record<string, unknown>>((acc, p, i) => deepMerge(acc, nest(p.path, values[i] as number)) as Record<string, unknown>, {});
  const beforeS = predict(base);
  const known = PARAMETERS.map((p) => ({ p, v: p.value(base) })).filter((x): x is { p: Parameter; v: number } => x.v !== undefined && x.v > 0);
  // Only what some size depends on: 5% of the constant, either way, moves a predicted time. A constant that binds only
  // once another has moved (the switch's reduction rate once the links are faster) joins on the next round.
  const moves = (p: Parameter, v: number, fields: Readonly<Record<string, unknown>>, at: readonly number[]) =>
    [0.95, 1.05].some((f) => {
      const moved = predict(build(deepMerge(fields, fieldsOf([p], [bounded(p, v * f)])) as Record<string, unknown>));
      return moved.some((t, i) => Math.abs(t / (at[i] as number) - 1) > SENSITIVITY);
    });
  let live: { p: Parameter; v: number }[] = [];
  let fields: Record<string, unknown> = {};
  let afterS = beforeS;
  let evaluations = 0;
  for (let round = 0; round < known.length; round++) {
    const joining = known.filter((x) => !live.includes(x) && moves(x.p, valueIn(fields, x.p) ?? x.v, fields, afterS));
    if (joining.length === 0) break;
    live = known.filter((x) => live.includes(x) || joining.includes(x));
    const params = live.map((x) => x.p);
    // Searched in log space from where the last round left each constant; out-of-bounds steps are clamped.
    const valuesOf = (x: readonly number[]) => x.map((lx, i) => bounded(params[i] as Parameter, Math.exp(lx)));
    const loss = (x: readonly number[]) => {
      const predicted = predict(build(fieldsOf(params, valuesOf(x))));
      return points.reduce((sum, p, i) => sum + Math.log((predicted[i] as number) / p.measuredS) ** 2, 0);
    };
    const start = live.map((x) => Math.log(valueIn(fields, x.p) ?? x.v));
    const fit = nelderMead(loss, start, { step: 0.2, tolerance: 1e-12, maxEvaluations: 400 });
    evaluations += fit.evaluations;
    // Four significant figures, as the scenario will carry them: the sizes after are what that scenario predicts.
    fields = fieldsOf(
      params,
      valuesOf(fit.x).map((v) => Number(v.toPrecision(4))),
    );
    afterS = predict(build(fields));
  }
  const sizes = points.map((p, i) => ({
    file: p.run.file,
    tool: p.run.tool,
    line: p.row.line,
    bytes: p.row.bytes,
    measuredS: p.measuredS,
    beforeS: beforeS[i] as number,
    afterS: afterS[i] as number,
  }));
  const median = (pick: (s: CalibratedSize) => number) => medianOf(sizes.map((s) => Math.abs(pick(s) / s.measuredS - 1) * 100));
  return {
    constants: live.map(({ p, v }) => ({ path: p.path, label: p.label, before: v, after: valueIn(fields, p) as number })),
    untouched: known.filter((x) => !live.includes(x)).map((x) => x.p.path.join('.')),
    sizes,
    medianErrorPctBefore: median((s) => s.beforeS),
    medianErrorPctAfter: median((s) => s.afterS),
    fields,
    evaluations,
  };
}

const bounded = (p: Parameter, v: number) => Math.min(p.max, Math.max(p.min, v));

/** The value `fields` give the parameter, if any. */
function valueIn(fields: Readonly<Record<string, unknown>>, p: Parameter): number | undefined {
  let v: unknown = fields;
  for (const key of p.path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** { a: { b: value } } for the path a.b. */
function nest(path: readonly string[], value: number): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key, i) => (i === path.length - 1 ? { [key]: value } : { [key]: inner }), {});
}

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
