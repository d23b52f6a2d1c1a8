/** Option value checks shared by the commands: one of a fixed list, a whole number in a range, a time. */

import { excerpt, parseTime, QuantityError } from '@supernode/core';
import { UsageError } from './errors.js';

/** `value` when it is one of `choices`; otherwise a UsageError naming the option, the value and the choices. */
export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`option ${flag}: ${excerpt(value)} is not one of ${choices.join(', ')}`);
}

/** A positive whole number, or a UsageError that says `expected` (e.g. "a positive whole number of GPUs"). */
export function positiveWhole(text: string, message: (text: string) => string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(message(text));
  return n;
}

/** A time such as 300s, 10ms or 2h (a bare number is seconds), positive unless `zeroAllowed`; else a UsageError naming the option. */
export function timeOption(flag: string, text: string, zeroAllowed = false): number {
  try {
    const s = parseTime(/^\d+(\.\d+)?$/.test(text.trim()) ? `${text}s` : text);
    if (s > 0 || (zeroAllowed && s === 0)) return s;
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
  }
  throw new UsageError(`option ${flag}: ${excerpt(text)} is not a ${zeroAllowed ? 'time' : 'positive time'} such as 300s, 500ms or 2h`);
}

/** A whole number from `min` to `max`, or a UsageError naming the option and saying `expected` (e.g. "a whole number of GPUs >= 0"). */
export function wholeOption(flag: string, text: string, min: number, expected: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`option ${flag}: ${excerpt(text)} is not ${expected}`);
  return n;
}
