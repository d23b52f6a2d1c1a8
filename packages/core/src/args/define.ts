/** A command's arguments as one object: the fields, the zod schema that reads them all, and the values' type. */

import { z } from 'zod';
import { ArgumentError } from '../base/errors.js';
import { isPlainObject } from '../base/merge.js';
import { didYouMean } from '../registry/did-you-mean.js';
import type { Arg } from './arg.js';

// biome-ignore lint/suspicious/noExplicitAny: a field of any value type
export type ArgFields = Readonly<Record<string, Arg<any>>>;

// biome-ignore lint/suspicious/noExplicitAny: any requirement
type ValueOf<A> = A extends Arg<infer T, any> ? T : never;

/** What a library caller gives: the required arguments, and any of the others (defaults fill them in later). */
export type ArgInput<F extends ArgFields> = {
  // biome-ignore lint/suspicious/noExplicitAny: any value type
  readonly [K in keyof F as F[K] extends Arg<any, true> ? K : never]: ValueOf<F[K]>;
} & {
  // biome-ignore lint/suspicious/noExplicitAny: any value type
  readonly [K in keyof F as F[K] extends Arg<any, true> ? never : K]?: NonNullable<ValueOf<F[K]>>;
};

/** The values a command runs with: required and defaulted arguments always set, the others optional. */
export type ArgValues<F extends ArgFields> = {
  readonly [K in keyof F as undefined extends ValueOf<F[K]> ? never : K]: ValueOf<F[K]>;
} & {
  readonly [K in keyof F as undefined extends ValueOf<F[K]> ? K : never]?: Exclude<ValueOf<F[K]>, undefined>;
};

export interface Args<F extends ArgFields> {
  readonly fields: F;
  /** Reads every field (text or data) and refuses a name the command does not take. */
  readonly schema: z.ZodType<ArgValues<F>>;
}

export function defineArgs<F extends ArgFields>(fields: F): Args<F> {
  const shape = Object.fromEntries(Object.entries(fields).map(([name, a]) => [name, a.schema]));
  return { fields, schema: z.strictObject(shape) as unknown as z.ZodType<ArgValues<F>> };
}

/**
 * `raw` read into the command's values; the first problem is an ArgumentError naming the field. Arguments left
 * undefined are dropped, so `{...values}` never sets a key to undefined.
 * Example: parseArgs(trainArgs, { tp: '3', ... }) -> ArgumentError('tp', "expected ..."), shown as `--tp` or `args.tp`.
 */
export function parseArgs<F extends ArgFields>(args: Args<F>, raw: unknown): ArgValues<F> {
  if (!isPlainObject(raw)) throw new ArgumentError('', `expected the arguments as an object of names and values, received ${typeof raw}`);
  const names = Object.keys(args.fields);
  for (const key of Object.keys(raw)) {
    if (!names.includes(key)) {
      const near = didYouMean(key, names);
      throw new ArgumentError(key, `not an argument of this command${near ? ` (did you mean '${near}'?)` : ''}; it takes ${names.join(', ')}`);
    }
  }
  const parsed = args.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ArgumentError(String(issue?.path[0] ?? ''), issue?.message ?? 'invalid');
  }
  return Object.fromEntries(Object.entries(parsed.data as object).filter(([, v]) => v !== undefined)) as ArgValues<F>;
}

/** `microbatchGroup` -> `microbatch-group`: how a field reads as a command-line flag. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The declared defaults of a command's arguments, for library code that applies them to input not read by parseArgs. */
export type ArgDefaults<F extends ArgFields> = {
  readonly [K in keyof F as F[K] extends Arg<infer T, false> ? (undefined extends T ? never : K) : never]: ValueOf<F[K]>;
};

export function argDefaults<F extends ArgFields>(args: Args<F>): ArgDefaults<F> {
  return Object.fromEntries(
    Object.entries(args.fields)
      .filter(([, a]) => a.default !== undefined)
      .map(([name, a]) => [name, a.default]),
  ) as ArgDefaults<F>;
}
