/** Sweep specs: the text a user writes (base design, command, axes, objectives, constraints) -> a checked SweepSpec. */

import { isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { isPlainObject } from '../base/merge.js';
import { checkScenarioText, MAX_SCENARIO_ALIASES } from '../scenario/limits.js';

/** One axis: a field path and the values it takes, listed or as a range. */
export type Axis1D = { readonly path: string; readonly values: readonly AxisValue[] };
export type AxisValue = number | string | boolean | Readonly<Record<string, unknown>> | readonly unknown[];

/** Axes in a zip move together (the i-th value of each); the rest multiply out. */
export type Axis = Axis1D | { readonly zip: readonly Axis1D[] };

export interface Objective {
  readonly metric: string;
  readonly goal: 'min' | 'max';
}

/** `metric <= bound`, `metric >= bound`, or a yes/no metric that must hold. */
export type Constraint =
  | { readonly metric: string; readonly op: '<=' | '>=' | '<' | '>' | '=='; readonly bound: number }
  | { readonly metric: string; readonly op: 'true' };

export interface SweepSpec {
  readonly name: string;
  /** An id of `commands`. */
  readonly command: string;
  /** A system preset id, or a scenario file (the caller reads it into `systemInput`). */
  readonly system: string;
  readonly gpus?: number;
  /** The command's arguments shared by every point (the command's own schema checks them). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly axes: readonly Axis[];
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Constraint[];
}

/** Raised for a spec that cannot run; the message names the field, the value and what was expected. */
export class SweepSpecError extends Error {
  override readonly name = 'SweepSpecError';
}

/** The most points one spec may name: a sweep past this is a design-space search, not a grid. */
export const MAX_SWEEP_POINTS = 1_000_000;

const rangeSchema = z.strictObject({
  from: z.number(),
  to: z.number(),
  steps: z.number().int().min(2).max(10_000),
  scale: z.enum(['linear', 'log']).default('linear'),
  integer: z.boolean().optional(),
});

const axis1dSchema = z
  .strictObject({
    path: z.string().min(1),
    values: z.array(z.union([z.number(), z.string(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())])).optional(),
    range: rangeSchema.optional(),
  })
  .check((ctx) => {
    const a = ctx.value;
    if ((a.values === undefined) === (a.range === undefined)) {
      ctx.issues.push({ code: 'custom', input: a, message: `axis '${a.path}' needs either values or range, not ${a.values ? 'both' : 'neither'}` });
    } else if (a.values !== undefined && a.values.length === 0) {
      ctx.issues.push({ code: 'custom', input: a, path: ['values'], message: `empty axis: '${a.path}' lists no values` });
    }
  });

const specSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  command: z.string().min(1),
  system: z.string().min(1),
  gpus: z.number().int().positive().optional(),
  args: z.record(z.string(), z.unknown()).default({}),
  axes: z.array(z.record(z.string(), z.unknown())).min(1, { message: 'a sweep needs at least one axis' }),
  objectives: z.array(z.strictObject({ metric: z.string().min(1), goal: z.enum(['min', 'max']) })).default([]),
  constraints: z.array(z.string().min(1)).default([]),
});

const zipSchema = z.strictObject({ zip: z.array(z.record(z.string(), z.unknown())).min(2, { message: 'a zip moves at least two axes together' }) });

/** `value` as `schema` reads it, or a SweepSpecError naming the file, the path and the first problem (an unknown key first). */
function checked<T>(schema: z.ZodType<T>, value: unknown, file: string, at: readonly (string | number)[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const issue = (issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]) as z.core.$ZodIssue;
  const path = [...at, ...issue.path];
  throw new SweepSpecError(`${file}: ${path.length > 0 ? `${path.join('.')}: ` : ''}${issue.message}`);
}

/** Parses a sweep spec's YAML or JSON text; `file` names it in messages. Paths and metrics are checked by checkSweep. */
export function parseSweepSpec(text: string, file: string): SweepSpec {
  const guard = checkScenarioText(text);
  if (guard) throw new SweepSpecError(`${file}:${guard.line}:${guard.col}: ${guard.message}`);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0] as (typeof doc.errors)[number];
    const pos = counter.linePos(e.pos[0]);
    throw new SweepSpecError(`${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`);
  }
  const repeated = repeatedKey(doc);
  if (repeated) throw new SweepSpecError(`${file}: map keys must be unique; '${repeated}' appears twice`);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_SCENARIO_ALIASES });
  } catch {
    throw new SweepSpecError(`${file}: aliases expand past ${MAX_SCENARIO_ALIASES} nodes or the document nests too deeply`);
  }
  if (!isPlainObject(raw)) throw new SweepSpecError(`${file}: expected a mapping with command, system and axes`);
  const p = checked(specSchema, raw, file, []);
  return {
    name: p.name ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    command: p.command,
    system: p.system,
    ...(p.gpus === undefined ? {} : { gpus: p.gpus }),
    args: p.args,
    axes: p.axes.map((a, i) => {
      if (!('zip' in a)) return expandAxis(checked(axis1dSchema, a, file, ['axes', i]), `axes.${i}`);
      const zip = checked(zipSchema, a, file, ['axes', i]).zip;
      return { zip: zip.map((z1, j) => expandAxis(checked(axis1dSchema, z1, file, ['axes', i, 'zip', j]), `axes.${i}.zip.${j}`)) };
    }),
    objectives: p.objectives,
    constraints: p.constraints.map((c, i) => parseConstraint(c, `constraints.${i}`)),
  };
}

function expandAxis(a: z.infer<typeof axis1dSchema>, where: string): Axis1D {
  if (a.values !== undefined) return { path: a.path, values: a.values };
  const r = a.range as z.infer<typeof rangeSchema>;
  if (r.scale === 'log' && !(r.from > 0 && r.to > 0))
    throw new SweepSpecError(`${where}.range: a log range needs positive ends, received ${r.from} to ${r.to}`);
  const integer = r.integer ?? (Number.isInteger(r.from) && Number.isInteger(r.to));
  const values: number[] = [];
  for (let i = 0; i < r.steps; i++) {
    const t = i / (r.steps - 1);
    const v = r.scale === 'log' ? r.from * (r.to / r.from) ** t : r.from + (r.to - r.from) * t;
    const rounded = integer ? Math.round(v) : Number(v.toPrecision(12));
    if (!values.includes(rounded)) values.push(rounded);
  }
  return { path: a.path, values };
}

/**
 * `tokensPerSecPerGpu >= 1000`, `rackKw <= 350`, or a bare yes/no metric (`fits`).
 * Example: "ttftP99Ms <= 2000" -> { metric: 'ttftP99Ms', op: '<=', bound: 2000 }.
 */
export function parseConstraint(text: string, where = 'constraint'): Constraint {
  const bare = /^\s*([A-Za-z][A-Za-z0-9]*)\s*$/.exec(text);
  if (bare) return { metric: bare[1] as string, op: 'true' };
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(<=|>=|==|<|>)\s*(-?[0-9.]+(?:e[-+]?[0-9]+)?)\s*$/i.exec(text);
  if (!m || !Number.isFinite(Number(m[3]))) {
    throw new SweepSpecError(`${where}: '${text}' is not 'metric <= number' (or >=, <, >, ==) or a yes/no metric name`);
  }
  return { metric: m[1] as string, op: m[2] as '<=' | '>=' | '<' | '>' | '==', bound: Number(m[3]) };
}

function repeatedKey(doc: ReturnType<typeof parseDocument>): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          found = String(pair.key.value).slice(0, 60);
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return found;
}
