/** The kinds of command argument, one builder each: the one place a number, a time or a choice is read from text or data. */

import { grouped } from '../base/excerpt.js';
import { didYouMean } from '../registry/did-you-mean.js';
import { parseBytes, parseRate, parseTime } from '../units/parse.js';
import type { Bytes, BytesPerSecond, Seconds } from '../units/units.js';
import { type Arg, ArgValueError, arg, shown } from './arg.js';

/** A bound as messages show it: 262,144; 1e18 past a billion. */
const bound = (n: number): string => (Math.abs(n) >= 1e9 ? n.toExponential().replace('e+', 'e') : grouped(n));

const NUMBER_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A finite number from a number or its plain decimal text ('8', '0.25', '15.6e12'); anything else throws. */
function numberOf(value: unknown, expected: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new ArgValueError(`expected ${expected}, received ${shown(value)}`);
  return n;
}

export interface CountOptions {
  readonly min?: number;
  readonly max?: number;
  /** What a value is called in help (default `n`). */
  readonly valueName?: string;
}

/** A whole number from `min` (default 1) to `max`: `--tp 8`, `tp: 8`. */
export function count(description: string, o: CountOptions = {}): Arg<number | undefined, false> {
  const min = o.min ?? 1;
  const max = o.max ?? Number.MAX_SAFE_INTEGER;
  const expected =
    max === Number.MAX_SAFE_INTEGER
      ? min === 1
        ? 'a positive whole number'
        : `a whole number >= ${min}`
      : `a whole number from ${bound(min)} to ${bound(max)}`;
  return arg<number>({
    description,
    kind: 'count',
    valueName: o.valueName ?? 'n',
    ...(max === Number.MAX_SAFE_INTEGER ? {} : { range: `${bound(min)} to ${bound(max)}` }),
    read: (value) => {
      const n = numberOf(value, expected);
      if (!Number.isSafeInteger(n) || n < min || n > max) throw new ArgValueError(`expected ${expected}, received ${shown(value)}`);
      return n;
    },
  });
}

export interface NumberOptions {
  /** Lowest value taken; `above` excludes it. */
  readonly min?: number;
  readonly above?: number;
  readonly max?: number;
  /** Below this, not reaching it. */
  readonly below?: number;
  readonly valueName?: string;
  /** How a valid value is described in messages (default from the bounds). */
  readonly expected?: string;
}

/** A finite number within bounds: `--burstiness 2.5`, `prefixShare: 0.3`. */
export function number(description: string, o: NumberOptions = {}): Arg<number | undefined, false> {
  const bounds = [
    o.min !== undefined ? `>= ${bound(o.min)}` : '',
    o.above !== undefined ? `> ${bound(o.above)}` : '',
    o.max !== undefined ? `<= ${bound(o.max)}` : '',
    o.below !== undefined ? `< ${bound(o.below)}` : '',
  ].filter(Boolean);
  const expected = o.expected ?? (bounds.length > 0 ? `a number ${bounds.join(' and ')}` : 'a number');
  return arg<number>({
    description,
    kind: 'number',
    valueName: o.valueName ?? 'x',
    ...(bounds.length > 0 ? { range: bounds.join(' and ') } : {}),
    read: (value) => {
      const n = numberOf(value, expected);
      const ok =
        (o.min === undefined || n >= o.min) &&
        (o.above === undefined || n > o.above) &&
        (o.max === undefined || n <= o.max) &&
        (o.below === undefined || n < o.below);
      if (!ok) throw new ArgValueError(`expected ${expected}, received ${shown(value)}`);
      return n;
    },
  });
}

/** A share in [0, 1): `--offload-activations 0.25`. */
export const share = (description: string): Arg<number | undefined, false> =>
  number(description, { min: 0, below: 1, valueName: 'share', expected: 'a share in [0, 1), such as 0.25' });

/** Yes or no: `--overlap` / `--no-overlap` on the command line, true or false in data (and 'true'/'false' as text). */
export function flag(description: string): Arg<boolean | undefined, false> {
  return arg<boolean>({
    description,
    kind: 'flag',
    valueName: 'yes|no',
    read: (value) => {
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'yes') return true;
      if (value === 'false' || value === 'no') return false;
      throw new ArgValueError(`expected true or false, received ${shown(value)}`);
    },
  });
}

/** The choice `value` names (a string, or a number choice as text), or an error listing the choices and the nearest. */
function pick<T extends string | number>(choices: readonly T[], value: unknown, aliases: Readonly<Record<string, T>> = {}): T {
  const hit = choices.find((c) => c === value || (typeof c === 'number' && typeof value === 'string' && String(c) === value.trim()));
  if (hit !== undefined) return hit;
  if (typeof value === 'string' && Object.hasOwn(aliases, value)) return aliases[value] as T;
  const named = Object.entries(aliases).map(([alias, id]) => `${alias} for ${id}`);
  const near = typeof value === 'string' && choices.every((c) => typeof c === 'string') ? didYouMean(value, choices as readonly string[]) : undefined;
  throw new ArgValueError(
    `expected one of ${choices.join(', ')}${named.length ? ` (or ${named.join(', ')})` : ''}, received ${shown(value)}${near ? ` (did you mean '${near}'?)` : ''}`,
  );
}

/** One of a fixed list, or a registry's ids: `--precision fp8`, `zero: 1`; `aliases` are other names taken for some of them (`fp4` for `nvfp4`). */
export function choice<T extends string | number>(
  choices: readonly T[],
  description: string,
  o: { readonly aliases?: Readonly<Record<string, T>> } = {},
): Arg<T | undefined, false> {
  const named = Object.entries(o.aliases ?? {}).map(([alias, id]) => `${alias} means ${id}`);
  return arg<T>({
    description: named.length ? `${description}; ${named.join(', ')}` : description,
    kind: 'choice',
    valueName: 'name',
    choices,
    read: (value) => pick(choices, value, o.aliases) as NonNullable<T>,
  });
}

/** A list of choices: `--kv-tiers hbm,cxl` (comma-separated text) or a list in data; order kept, at least one. */
export function choices<T extends string>(list: readonly T[], description: string): Arg<T[] | undefined, false> {
  return arg<T[]>({
    description,
    kind: 'choices',
    valueName: 'list',
    choices: list,
    read: (value) => {
      const items = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : Array.isArray(value) ? value : undefined;
      if (!items || items.length === 0) throw new ArgValueError(`expected a comma-separated list of ${list.join(', ')}, received ${shown(value)}`);
      return items.map((item) => pick(list, item));
    },
  });
}

/** Longest time an argument takes unless it says otherwise: a year, past any job, outage or load a run models. */
export const MAX_TIME_S = 365 * 24 * 3600;

/** A human time for messages: 1 year, 2 h, 30 s. */
function timeText(s: number): string {
  if (s >= 365 * 24 * 3600) return `${s / (365 * 24 * 3600)} year${s === 365 * 24 * 3600 ? '' : 's'}`;
  if (s >= 86_400) return `${s / 86_400} days`;
  if (s >= 3600) return `${s / 3600} h`;
  if (s < 1e-3) return `${s * 1e6} us`;
  if (s < 1) return `${s * 1e3} ms`;
  return `${s} s`;
}

/** A time in seconds: a number of seconds, or text with a unit (`300s`, `500ms`, `10min`, `2h`; bare text is seconds), at most `max`. */
export function time(description: string, o: { readonly zero?: boolean; readonly max?: number } = {}): Arg<Seconds | undefined, false> {
  const max = o.max ?? MAX_TIME_S;
  const examples = max < 1 ? 'such as 4us or 0.5ms' : 'such as 300s, 500ms or 2h';
  const expected = `a ${o.zero ? '' : 'positive '}time up to ${timeText(max)}, ${examples}`;
  return arg<Seconds>({
    description,
    kind: 'time',
    valueName: 'time',
    range: `up to ${timeText(max)}`,
    read: (value) => {
      let s: number;
      if (typeof value === 'number') s = value;
      else if (typeof value === 'string') s = NUMBER_TEXT.test(value) ? Number(value) : tryParse(() => parseTime(value.trim()), expected, value);
      else s = Number.NaN;
      if (!Number.isFinite(s) || s < 0 || (s === 0 && !o.zero) || s > max) throw new ArgValueError(`expected ${expected}, received ${shown(value)}`);
      return s as Seconds;
    },
  });
}

/** A size in bytes: a number, or text with a unit (`1GiB`, `8G` = 2^33 B as nccl-tests reads it). */
export function size(description: string): Arg<Bytes | undefined, false> {
  const expected = 'a positive size such as 1GiB, 256MiB or 8G';
  return arg<Bytes>({
    description,
    kind: 'size',
    valueName: 'size',
    read: (value) => {
      const b = typeof value === 'number' ? value : typeof value === 'string' ? tryParse(() => parseBytes(value.trim()), expected, value) : Number.NaN;
      if (!Number.isFinite(b) || b <= 0) throw new ArgValueError(`expected ${expected}, received ${shown(value)}`);
      return b as Bytes;
    },
  });
}

/** A rate in bytes per second: a number, or text with a unit (`2TB/s`, `400Gbps`). */
export function rate(description: string): Arg<BytesPerSecond | undefined, false> {
  const expected = 'a positive rate such as 2TB/s or 400Gbps';
  return arg<BytesPerSecond>({
    description,
    kind: 'rate',
    valueName: 'rate',
    read: (value) => {
      const r = typeof value === 'number' ? value : typeof value === 'string' ? tryParse(() => parseRate(value.trim()), expected, value) : Number.NaN;
      if (!Number.isFinite(r) || r <= 0) throw new ArgValueError(`expected ${expected}, received ${shown(value)}`);
      return r as BytesPerSecond;
    },
  });
}

function tryParse(parse: () => number, expected: string, value: unknown): number {
  try {
    return parse();
  } catch {
    throw new ArgValueError(`expected ${expected}, received ${shown(value)}`);
  }
}

export interface TextOptions<T> {
  /** What a value is called in help. */
  readonly valueName: string;
  /** Values as written, for help and messages. */
  readonly examples: readonly string[];
  /** Reads the text form; throws ArgValueError (or a ConfigError) saying what was expected. */
  readonly parse: (text: string) => T;
  /** Reads the data form (a sweep's list or object); without it, data must be text. */
  readonly data?: (value: unknown) => T;
  /** Named values a form can offer (a registry's ids), where text may also name something else (a file). */
  readonly choices?: readonly string[];
}

/** An argument with a text form of its own: `--stage-layers 3,4x14,2`, `--slo ttft=2s,tpot=50ms`, `--pd 1:3`. */
export function text<T>(description: string, o: TextOptions<T>): Arg<T | undefined, false> {
  return arg<T>({
    description,
    kind: 'text',
    valueName: o.valueName,
    examples: o.examples,
    ...(o.choices ? { choices: o.choices } : {}),
    read: (value) => readText(o, value) as NonNullable<T>,
  });
}

/** A list given one item per flag on the command line (`--job a --job b`), a list in data, each item read as `text` reads it. */
export function texts<T>(description: string, o: TextOptions<T> & { readonly flag?: string; readonly max?: number }): Arg<T[] | undefined, false> {
  return arg<T[]>({
    description,
    kind: 'text',
    valueName: o.valueName,
    examples: o.examples,
    repeatable: true,
    ...(o.flag === undefined ? {} : { flag: o.flag }),
    read: (value) => {
      const items = Array.isArray(value) ? value : [value];
      if (items.length === 0) throw new ArgValueError(`expected at least one, such as '${o.examples[0]}'`);
      if (o.max !== undefined && items.length > o.max) throw new ArgValueError(`${items.length} given; expected at most ${o.max}`);
      return items.map((item) => readText(o, item));
    },
  });
}

function readText<T>(o: TextOptions<T>, value: unknown): T {
  if (typeof value === 'string') return o.parse(value);
  if (o.data) return o.data(value);
  throw new ArgValueError(`expected text such as ${o.examples.map((e) => `'${e}'`).join(' or ')}, received ${shown(value)}`);
}
