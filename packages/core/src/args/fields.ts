/** A command's arguments as plain data (names, kinds, choices, defaults, help): what a web form, generated docs and help render, and a worker can post. */

import type { Arg, ArgKind } from './arg.js';
import { type ArgFields, type Args, kebab } from './define.js';

export interface ArgField {
  /** The field's name in data and sweeps: `microbatchGroup`. */
  readonly name: string;
  /** The command-line flag: `--microbatch-group` (`--job` for the repeatable `jobs`). */
  readonly flag: string;
  readonly kind: ArgKind;
  readonly description: string;
  /** What a value is called in help: `n`, `time`, `P:D`. */
  readonly valueName: string;
  readonly choices?: readonly (string | number)[];
  readonly examples?: readonly string[];
  /** The values taken, where bounded: `1 to 262,144`, `up to 1 year`. */
  readonly range?: string;
  readonly required: boolean;
  readonly repeatable: boolean;
  /** The default as the user would write it, or what the model does without a value; absent for a required field. */
  readonly defaultText?: string;
}

/** A default as the user would type it: lists comma-separated, numbers and names as they are. */
function written(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

// biome-ignore lint/suspicious/noExplicitAny: an argument of any value type
export function argField(name: string, arg: Arg<any>): ArgField {
  const defaultText = arg.defaultText ?? (arg.default === undefined ? undefined : written(arg.default));
  return {
    name,
    flag: `--${arg.flag ?? kebab(name)}`,
    kind: arg.kind,
    description: arg.description,
    valueName: arg.valueName,
    ...(arg.choices ? { choices: arg.choices } : {}),
    ...(arg.examples ? { examples: arg.examples } : {}),
    ...(arg.range ? { range: arg.range } : {}),
    required: arg.required,
    repeatable: arg.repeatable === true,
    ...(defaultText === undefined ? {} : { defaultText }),
  };
}

/** Every field of `args`, in declaration order. */
export function argFields<F extends ArgFields>(args: Args<F>): ArgField[] {
  return Object.entries(args.fields).map(([name, arg]) => argField(name, arg));
}
