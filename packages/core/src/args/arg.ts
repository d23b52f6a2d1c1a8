/** One command argument: what it means, how its value reads as text (a flag, a form field) or as data (a sweep, the API), and its default. */

import { z } from 'zod';
import { ConfigError } from '../base/errors.js';
import { shownValue } from '../base/excerpt.js';
import { QuantityError } from '../units/parse.js';

/**
 * How a value is written, which front ends read to build their controls: `count` a whole number, `number` any
 * finite number, `flag` yes/no, `choice` one of `choices`, `choices` a list of them, `time` seconds (or `10min`),
 * `size` bytes (or `1GiB`), `rate` bytes/s (or `2TB/s`), `text` a form of its own (`3,4x14,2`, `ttft=2s,tpot=50ms`).
 */
export type ArgKind = 'count' | 'number' | 'flag' | 'choice' | 'choices' | 'time' | 'size' | 'rate' | 'text';

/** Raised by a reader for a value it cannot take; the message says what was expected and what was received. */
export class ArgValueError extends Error {
  override readonly name = 'ArgValueError';
}

/** Reads a given value (never undefined) into the argument's type, or throws ArgValueError. */
export type Reader<T> = (value: unknown) => T;

export interface ArgSpec<T> {
  readonly description: string;
  readonly kind: ArgKind;
  /** What a value is called in help: `--tp <n>`. */
  readonly valueName: string;
  readonly choices?: readonly (string | number)[];
  readonly examples?: readonly string[];
  /** The values taken, where bounded: `1 to 262,144`, `up to 1 year` (help and docs show it; the reader enforces it). */
  readonly range?: string;
  /** A flag given once per value on the command line (`--job a --job b`); a list in data. */
  readonly repeatable?: boolean;
  /** The command-line name when it is not the field's (a repeatable list reads one item per flag: `jobs` -> `--job`). */
  readonly flag?: string;
  readonly read: Reader<T>;
}

/** An argument whose value is `T` once read: required (`Req`), defaulted, or `undefined` when not given. */
export interface Arg<T, Req extends boolean = boolean> extends ArgSpec<NonNullable<T>> {
  readonly required: Req;
  /** The value taken when none is given (shown in help, applied by every front end alike). */
  readonly default?: NonNullable<T>;
  /** What happens when no value is given and the model decides (e.g. "derived from the GPUs"); help shows it. */
  readonly defaultText?: string;
  /** The zod schema that reads the argument, for the command's object schema. */
  readonly schema: z.ZodType<T>;
  /** The same argument, required. */
  needed(): Arg<NonNullable<T>, true>;
  /** The same argument with a default value. */
  or(value: NonNullable<T>): Arg<NonNullable<T>, false>;
  /** The same argument, saying what the model does when it is not given. */
  otherwise(text: string): Arg<T, Req>;
}

/** Text that describes a received value in a message: strings quoted, data as JSON, cut short. */
export function shown(value: unknown): string {
  return shownValue(value);
}

/** A reader's failure as the user reads it: the part of a ConfigError after its field, or the error's message. */
function reason(error: unknown): string | undefined {
  if (error instanceof ArgValueError || error instanceof QuantityError) return error.message;
  if (error instanceof ConfigError) return error.detail;
  return undefined;
}

interface State<T> {
  readonly required: boolean;
  readonly default?: NonNullable<T>;
  readonly defaultText?: string;
}

function build<T, Req extends boolean>(spec: ArgSpec<NonNullable<T>>, state: State<T>): Arg<T, Req> {
  const schema = z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === null || value === '') {
        if (state.default !== undefined) return state.default;
        if (state.required) ctx.issues.push({ code: 'custom', input: value, message: `missing; expected ${expectedOf(spec)}` });
        return undefined;
      }
      try {
        return spec.read(value);
      } catch (error) {
        const message = reason(error);
        if (message === undefined) throw error;
        ctx.issues.push({ code: 'custom', input: value, message });
        return z.NEVER;
      }
    }) as unknown as z.ZodType<T>;
  return {
    ...spec,
    ...state,
    required: state.required as Req,
    schema,
    needed: () => build<NonNullable<T>, true>(spec, { ...state, required: true } as State<NonNullable<T>>),
    or: (value) => build<NonNullable<T>, false>(spec, { ...state, default: value } as State<NonNullable<T>>),
    otherwise: (text) => build<T, Req>(spec, { ...state, defaultText: text }),
  };
}

/** What a value of this argument looks like, for the message of a missing one. */
function expectedOf(spec: ArgSpec<unknown>): string {
  if (spec.choices) return `one of ${spec.choices.join(', ')}`;
  if (spec.examples?.length) return `${spec.valueName}, such as ${spec.examples.join(' or ')}`;
  return spec.valueName;
}

/** A new optional argument (no default) from its spec; `.needed()`, `.or(value)` and `.otherwise(text)` refine it. */
export function arg<T>(spec: ArgSpec<NonNullable<T>>): Arg<T | undefined, false> {
  return build<T | undefined, false>(spec as ArgSpec<NonNullable<T | undefined>>, { required: false });
}
