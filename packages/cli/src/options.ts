/** Option value checks shared by the commands: one of a fixed list, or a positive whole number. */

import { UsageError } from './errors.js';

/** `value` when it is one of `choices`; otherwise a UsageError naming the option, the value and the choices. */
export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`option ${flag}: '${value}' is not one of ${choices.join(', ')}`);
}

/** A positive whole number, or a UsageError that says `expected` (e.g. "a positive whole number of GPUs"). */
export function positiveWhole(text: string, message: (text: string) => string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(message(text));
  return n;
}
