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

/**
 * A spec's name also names its results file (`<name>.duckdb` where no --out is given), so it is refused rather than
 * rewritten when it could name a file elsewhere: a rewritten name would put results where the user would not look.
 */
const nameSchema = z
  .string()
  .min(1)
  .max(200)
  .check((ctx) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
    if (/[/\\:\u0000-\u001f]/.test(ctx.value) || ctx.value === '.' || ctx.value === '..')
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `'${JSON.stringify(ctx.value.slice(0, 80)).slice(1, -1)}' is not a plain file name, and a sweep's name names its results file (<name>.duckdb unless another is given); expected a name without /, \\, :, control characters, and not . or .., such as tp-grid`,
      });
  });

const specSchema = z.strictObject({
  name: nameSchema.optional(),
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
  const axes = p.axes.map((a, i) => {
    if (!('zip' in a)) return expandAxis(checked(axis1dSchema, a, file, ['axes', i]), `axes.${i}`);
    const zip = checked(zipSchema, a, file, ['axes', i]).zip;
    return { zip: zip.map((z1, j) => expandAxis(checked(axis1dSchema, z1, file, ['axes', i, 'zip', j]), `axes.${i}.zip.${j}`, false)) };
  });
  checkDistinct(axes);
  return {
    name: p.name ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    command: p.command,
    system: p.system,
    ...(p.gpus === undefined ? {} : { gpus: p.gpus }),
    args: p.args,
    axes,
    objectives: p.objectives,
    constraints: p.constraints.map((c, i) => parseConstraint(c, `constraints.${i}`)),
  };
}

/** An axis's values; `alone` (not in a zip) refuses a repeated value, since each is a point (a zip's steps are checked whole). */
function expandAxis(a: z.infer<typeof axis1dSchema>, where: string, alone = true): Axis1D {
  if (a.values !== undefined) {
    const repeated = alone ? repeatedValues(a.values) : undefined;
    if (repeated)
      throw new SweepSpecError(
        `${where}.values (axis '${a.path}'): ${repeated} appears more than once in ${shown(a.values)}; each value is one point, so list each once`,
      );
    return { path: a.path, values: a.values };
  }
  return { path: a.path, values: rangeValues(a.range as z.infer<typeof rangeSchema>, `${where}.range (axis '${a.path}')`, alone) };
}

/**
 * A range's values: the ends exactly as written, each step between them tidied to 12 significant digits where that
 * moves it by under a millionth of its spacing (floating-point noise, not a value), and whole numbers only when the
 * range says `integer: true` (YAML reads `1.0` as 1, so how the ends are spelled cannot say it). A range whose values
 * repeat is refused (in a zip, rounded whole numbers may repeat: the zip's steps are checked whole): a sweep runs exactly
 * the points it names.
 * Example: 1.0 to 2.0 in 11 steps -> 1, 1.1, ..., 2 (1 + 3 x 0.1 is 1.3000000000000003 before tidying).
 */
function rangeValues(r: z.infer<typeof rangeSchema>, where: string, alone: boolean): number[] {
  if (r.scale === 'log' && !(r.from > 0 && r.to > 0)) throw new SweepSpecError(`${where}: a log range needs positive ends, received ${r.from} to ${r.to}`);
  if (r.integer && !(Number.isInteger(r.from) && Number.isInteger(r.to)))
    throw new SweepSpecError(`${where}: integer: true needs whole-number ends, received ${r.from} to ${r.to}; write whole ends or drop integer: true`);
  if (r.from === r.to)
    throw new SweepSpecError(`${where}: from and to are both ${r.from}, so its ${r.steps} steps repeat one value; list it as values: [${r.from}]`);
  const last = r.steps - 1;
  const raw = Array.from({ length: r.steps }, (_, i) =>
    i === 0 ? r.from : i === last ? r.to : r.scale === 'log' ? r.from * (r.to / r.from) ** (i / last) : r.from + ((r.to - r.from) * i) / last,
  );
  const values = raw.map((v, i) => {
    if (r.integer) return Math.round(v);
    if (i === 0 || i === last) return v;
    const tidy = Number(v.toPrecision(12));
    const spacing = Math.min(Math.abs(v - (raw[i - 1] as number)), Math.abs((raw[i + 1] as number) - v));
    return Math.abs(tidy - v) < spacing * 1e-6 ? tidy : v;
  });
  const repeated = repeatedValues(values);
  if (repeated === undefined || (!alone && r.integer)) return values;
  if (!r.integer)
    throw new SweepSpecError(
      `${where}: its ${r.steps} steps from ${r.from} to ${r.to} are closer than a number can tell apart (${repeated} repeats); widen the range or ask for fewer steps`,
    );
  const whole = Math.floor(Math.max(r.from, r.to)) - Math.ceil(Math.min(r.from, r.to)) + 1;
  throw new SweepSpecError(
    `${where}: integer: true rounds its ${r.steps} steps from ${r.from} to ${r.to} to ${shown(values)}, repeating ${repeated}; ` +
      `${r.from} to ${r.to} holds ${whole} whole numbers${r.scale === 'log' ? ', fewer of them reachable in log steps' : ''}: ask for fewer steps, or drop integer: true to step between whole numbers`,
  );
}

/**
 * Refuses axes that would name one point twice: a path swept by two axes, or zipped axes whose i-th values repeat
 * together (a single axis's values were checked as it was read).
 */
function checkDistinct(axes: readonly Axis[]): void {
  const where = new Map<string, string>();
  axes.forEach((a, i) => {
    const members = 'zip' in a ? a.zip.map((z1, j) => [z1, `axes.${i}.zip.${j}`] as const) : [[a, `axes.${i}`] as const];
    for (const [axis, at] of members) {
      const before = where.get(axis.path);
      if (before) throw new SweepSpecError(`${at}: axis '${axis.path}' is already swept by ${before}; a path takes one axis, so merge their values`);
      where.set(axis.path, at);
    }
    if (!('zip' in a)) return;
    const n = Math.min(...a.zip.map((z1) => z1.values.length));
    const tuples = Array.from({ length: n }, (_, k) => a.zip.map((z1) => z1.values[k]));
    const repeated = repeatedValues(tuples);
    if (repeated)
      throw new SweepSpecError(
        `axes.${i}.zip: axes ${a.zip.map((z1) => `'${z1.path}'`).join(', ')} take the values ${repeated} together more than once; each step of a zip is one point, so list each once`,
      );
  });
}

/** A value as a point key holds it, with object keys sorted: {a: 1, b: 2} and {b: 2, a: 1} are one value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** The first value that appears twice (as text), or undefined. */
function repeatedValues(values: readonly unknown[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    const key = canonicalJson(v);
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

/** Values as a message lists them: the first 12, then how many more. */
function shown(values: readonly unknown[]): string {
  const text = values.slice(0, 12).map((v) => (typeof v === 'string' ? v : canonicalJson(v)));
  return `[${text.join(', ')}${values.length > 12 ? `, ... ${values.length - 12} more` : ''}]`;
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
