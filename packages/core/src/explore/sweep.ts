/** Sweeps: a spec's axes multiplied out into points, checked before anything runs, and each point evaluated on its system. */

import { z } from 'zod';
import { parseArgs } from '../args/define.js';
import type { RunContext } from '../base/context.js';
import { ArgumentError, ConfigError, WorkLimitError } from '../base/errors.js';
import { deepMerge, ownValue } from '../base/merge.js';
import { type MetricSpec, type Metrics, SYSTEM_METRICS, systemMetrics } from '../commands/metrics.js';
import { commands } from '../commands/registry.js';
import type { AnyCommand } from '../commands/types.js';
import { type Registry, UnknownNameError } from '../registry/registry.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem, type System } from '../system/system.js';
import { QuantityError } from '../units/parse.js';
import { forbiddenSegment, missingField, refusedValue, setPath } from './paths.js';
import { type Axis1D, type AxisValue, type Constraint, canonicalJson, MAX_SWEEP_POINTS, type SweepSpec, SweepSpecError } from './spec.js';

export interface SweepPoint {
  /** Position in the spec's order (the first axis outermost). */
  readonly index: number;
  /** The point's identity across runs: its axis values as canonical JSON. */
  readonly key: string;
  readonly params: Readonly<Record<string, AxisValue>>;
}

export interface PointResult extends SweepPoint {
  readonly status: 'ok' | 'failed';
  readonly error?: string;
  readonly metrics: Metrics;
  /** Ran, and met every constraint. */
  readonly feasible: boolean;
  readonly violations: readonly string[];
}

const axesOf = (spec: SweepSpec): Axis1D[] => spec.axes.flatMap((a) => ('zip' in a ? a.zip : [a]));

/** Points in spec order: axes multiply out, zipped axes move together. 2 x 3 axes -> (a0,b0) (a0,b1) ... (a1,b2). */
export function expandPoints(spec: SweepSpec): SweepPoint[] {
  const groups = spec.axes.map((a) => ('zip' in a ? a.zip : [a]));
  const sizes = groups.map((g) => Math.min(...g.map((a) => a.values.length)));
  const total = sizes.reduce((n, s) => n * s, 1);
  if (total > MAX_SWEEP_POINTS)
    throw new SweepSpecError(`axes: ${total.toLocaleString('en-US')} points; a sweep takes at most ${MAX_SWEEP_POINTS.toLocaleString('en-US')}`);
  const points: SweepPoint[] = [];
  for (let index = 0; index < total; index++) {
    const params: Record<string, AxisValue> = {};
    let rest = index;
    const picks = new Array<number>(groups.length);
    for (let g = groups.length - 1; g >= 0; g--) {
      picks[g] = rest % (sizes[g] as number);
      rest = Math.floor(rest / (sizes[g] as number));
    }
    groups.forEach((g, gi) => {
      for (const a of g) params[a.path] = a.values[picks[gi] as number] as AxisValue;
    });
    points.push({ index, key: JSON.stringify(params), params });
  }
  return points;
}

/** The metrics a spec's command reports (its own and every point's system metrics), and `feasible`. */
export function metricsOf(command: AnyCommand): Readonly<Record<string, MetricSpec>> {
  return { ...SYSTEM_METRICS, ...command.metrics, feasible: { description: 'ran and met every constraint (yes/no)', kind: 'bool' } };
}

/**
 * Everything that can be checked before a point runs: the command, every axis path, every axis value its field cannot
 * take on its own, zip lengths, the arguments of the first point, and that objectives and constraints name metrics the
 * command reports. Throws SweepSpecError.
 */
export function checkSweep(spec: SweepSpec, systemInput: Readonly<Record<string, unknown>>, registry: Registry<AnyCommand> = commands): AnyCommand {
  const command = commandOf(spec.command, registry);
  for (const a of axesOf(spec)) checkValues(a, fieldOf(a.path, spec.command, command));
  for (const a of spec.axes) {
    if ('zip' in a && new Set(a.zip.map((z1) => z1.values.length)).size > 1) {
      throw new SweepSpecError(`zipped axes ${a.zip.map((z1) => `'${z1.path}' (${z1.values.length})`).join(', ')} need the same number of values`);
    }
  }
  const known = metricsOf(command);
  const checkMetric = (metric: string, where: string) => {
    if (!(metric in known)) throw new SweepSpecError(`${where}: ${spec.command} reports no metric '${metric}'; it reports ${Object.keys(known).join(', ')}`);
  };
  for (const [i, o] of spec.objectives.entries()) checkMetric(o.metric, `objectives.${i}`);
  for (const [i, c] of spec.constraints.entries()) checkMetric(c.metric, `constraints.${i}`);
  const first = expandPoints(spec)[0];
  if (first) {
    try {
      parseArgs(command.args, argsAt(spec, first));
    } catch (error) {
      if (error instanceof ArgumentError) throw new SweepSpecError(`args.${error.message}`);
      throw error;
    }
    const system = systemSchema.safeParse(systemAt(systemInput, first).input);
    if (!system.success) throw new SweepSpecError(`system (first point ${first.key}): ${zodMessage(system.error)}`);
  }
  return command;
}

/** Where an axis lands: the schema of its field, the path inside it, and how a refusal names it. */
interface AxisField {
  readonly schema: z.ZodType;
  readonly path: readonly string[];
  /** An argument's refusal reads as the command's own (`args.seq: ...`), a scenario field's names the axis and value. */
  readonly refusal: (value: unknown, why: string) => string;
}

/**
 * Refuses an axis value its field cannot take on its own, before any point runs (a range of decimal steps over a count
 * would otherwise fail point by point); rules joining fields are left to each point.
 */
function checkValues(a: Axis1D, field: AxisField): void {
  for (const value of a.values) {
    const why = refusedValue(field.schema, field.path, value);
    if (why === undefined) continue;
    const whole = typeof value === 'number' && !Number.isInteger(value) && refusedValue(field.schema, field.path, Math.round(value)) === undefined;
    throw new SweepSpecError(`${field.refusal(value, why)}${whole ? `; axis '${a.path}' takes whole numbers, so a range over it needs integer: true` : ''}`);
  }
}

/** The field an axis path lands in, or a SweepSpecError naming why the path is no field. */
function fieldOf(path: string, commandId: string, command: AnyCommand): AxisField {
  const forbidden = forbiddenSegment(path.split('.'));
  if (forbidden) throw new SweepSpecError(`axis '${path}': ${forbidden}; expected gpus, system.<scenario field> or args.<${commandId} argument>`);
  const [root, ...rest] = path.split('.');
  const refusal = (value: unknown, why: string) => `axis '${path}': value ${canonicalJson(value)} is not accepted: ${why}`;
  if (root === 'gpus' && rest.length === 0) return { schema: systemSchema, path: ['gpus'], refusal };
  if (root === 'system') {
    const why = rest.length === 0 ? 'a system axis names a field, e.g. system.scaleUp.domainSize' : missingField(systemSchema, rest);
    if (why) throw new SweepSpecError(`axis '${path}': unknown field path: ${why}`);
    return { schema: systemSchema, path: rest, refusal };
  }
  const argKeys = Object.keys(command.args.fields);
  if (root === 'args' && rest[0] !== undefined) {
    const arg = ownValue(command.args.fields, rest[0]) as AnyCommand['args']['fields'][string] | undefined;
    if (!arg) throw new SweepSpecError(`axis '${path}': ${commandId} takes no argument '${rest[0]}'; it takes ${argKeys.join(', ')}`);
    return { schema: arg.schema, path: rest.slice(1), refusal: (_value, why) => `args.${rest[0]}: ${why}` };
  }
  throw new SweepSpecError(`axis '${path}': unknown field path; expected gpus, system.<scenario field> or args.<${commandId} argument>`);
}

function commandOf(id: string, registry: Registry<AnyCommand>): AnyCommand {
  try {
    return registry.get(id);
  } catch (error) {
    if (error instanceof UnknownNameError) throw new SweepSpecError(`command: ${error.message}`);
    throw error;
  }
}

function argsAt(spec: SweepSpec, point: SweepPoint): Record<string, unknown> {
  let args: Record<string, unknown> = { ...spec.args };
  for (const [path, value] of Object.entries(point.params)) if (path.startsWith('args.')) args = setPath(args, path.split('.').slice(1), value);
  return args;
}

function systemAt(base: Readonly<Record<string, unknown>>, point: SweepPoint): { input: unknown; gpus: number | undefined } {
  let over: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(point.params)) if (path.startsWith('system.')) over = setPath(over, path.split('.').slice(1), value);
  const gpus = point.params.gpus;
  return { input: deepMerge(base, over), gpus: typeof gpus === 'number' ? gpus : undefined };
}

const zodMessage = (e: z.ZodError): string => {
  const issue = e.issues[0] as z.core.$ZodIssue;
  return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
};

/** What a point failed on, as a user reads it: the field (an argument as `args.<name>`) and the reason. */
function failure(error: unknown, command: AnyCommand): string {
  if (error instanceof WorkLimitError) return `args.${error.field}: ${error.worded('args.allowLarge: true')}`;
  if (error instanceof ConfigError && typeof error.path[0] === 'string' && error.path[0] in command.args.fields) return `args.${error.message}`;
  if (error instanceof z.ZodError) return zodMessage(error);
  if (error instanceof ConfigError || error instanceof QuantityError || error instanceof UnknownNameError || error instanceof SweepSpecError)
    return error.message;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Why a point's metrics break a constraint, or undefined. */
export function violation(c: Constraint, metrics: Metrics): string | undefined {
  const v = metrics[c.metric];
  if (c.op === 'true') return v === true ? undefined : `${c.metric} is ${String(v)}`;
  if (typeof v !== 'number' || Number.isNaN(v)) return `${c.metric} is ${String(v)}`;
  const ok = c.op === '<=' ? v <= c.bound : c.op === '>=' ? v >= c.bound : c.op === '<' ? v < c.bound : c.op === '>' ? v > c.bound : v === c.bound;
  return ok ? undefined : `${c.metric} ${Number(v.toPrecision(4))} ${c.op === '==' ? '!=' : `not ${c.op}`} ${c.bound}`;
}

/** Evaluates points of one spec; systems are built once per distinct design and reused across the points that share it. */
export class PointEvaluator {
  private readonly systems = new Map<string, { system: System; metrics: Metrics }>();
  private readonly command: AnyCommand;

  constructor(
    private readonly spec: SweepSpec,
    private readonly systemInput: Readonly<Record<string, unknown>>,
    /** What runs may read (files named in arguments); a sweep reports no progress per point. */
    private readonly context: RunContext = {},
    /** Where the spec's command is looked up (the commands registry; a test's own). */
    registry: Registry<AnyCommand> = commands,
  ) {
    this.command = commandOf(spec.command, registry);
  }

  evaluate(point: SweepPoint): PointResult {
    let metrics: Metrics;
    try {
      const { system, metrics: ofSystem } = this.system(point);
      let args: Record<string, unknown>;
      try {
        args = parseArgs(this.command.args, argsAt(this.spec, point));
      } catch (error) {
        if (error instanceof ArgumentError) throw new SweepSpecError(`args.${error.message}`);
        throw error;
      }
      const report = this.command.run(system, args, this.context.readText ? { readText: this.context.readText } : {});
      metrics = { ...ofSystem, ...this.command.metricsOf(report, system) };
    } catch (error) {
      return { ...point, status: 'failed', error: failure(error, this.command), metrics: {}, feasible: false, violations: [] };
    }
    const violations = this.spec.constraints.map((c) => violation(c, metrics)).filter((v): v is string => v !== undefined);
    return { ...point, status: 'ok', metrics: { ...metrics, feasible: violations.length === 0 }, feasible: violations.length === 0, violations };
  }

  /** The point's system and its metrics, built once per distinct design (the cache is bounded; a sweep's designs repeat). */
  private system(point: SweepPoint): { system: System; metrics: Metrics } {
    const key = JSON.stringify(Object.entries(point.params).filter(([path]) => path === 'gpus' || path.startsWith('system.')));
    const hit = this.systems.get(key);
    if (hit) return hit;
    const { input, gpus } = systemAt(this.systemInput, point);
    const g = gpus ?? this.spec.gpus;
    const system = buildSystem(systemSchema.parse(input), g === undefined ? {} : { gpus: g });
    const built = { system, metrics: systemMetrics(system) };
    if (this.systems.size >= 256) this.systems.clear();
    this.systems.set(key, built);
    return built;
  }
}
