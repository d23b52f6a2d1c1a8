/** Schema building blocks: quantities with units, strict objects with did-you-mean, registry ids. */

import { z } from 'zod';
import { excerpt, grouped, shownValue } from '../base/excerpt.js';
import { didYouMean } from '../registry/did-you-mean.js';
import type { Registry, RegistryEntry } from '../registry/registry.js';
import { type Dimension, describeDimension, parseAs, QuantityError } from '../units/parse.js';

/** A quantity given as text with a unit ("400Gbps") or a number in base units; must be positive. */
export function quantity(dimension: Dimension, description: string) {
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      let parsed: number;
      try {
        parsed = parseAs(value, dimension);
      } catch (error) {
        if (!(error instanceof QuantityError)) throw error;
        ctx.addIssue({ code: 'custom', message: `${error.message} (received ${shownValue(value, '"')})` });
        return z.NEVER;
      }
      if (!(parsed > 0)) {
        ctx.addIssue({ code: 'custom', message: `expected a positive value, ${describeDimension(dimension)}; received ${shownValue(value, '"')}` });
        return z.NEVER;
      }
      return parsed;
    })
    .meta({ description: `${description} (${describeDimension(dimension)})` });
}

/** A positive whole number no larger than `max` (system/limits.ts says why each bound is where it is). */
export function count(description: string, max: number) {
  return z
    .number()
    .max(max, { message: `expected at most ${grouped(max)} (the model's bound for this count)` })
    .int()
    .positive()
    .meta({ description: `${description} (at most ${max})` });
}

/** A ratio >= 1 (oversubscription), or in (0, 1] (efficiency). */
export function ratio(min: number, max: number, description: string) {
  return z.number().min(min).max(max).meta({ description });
}

/** The id of an entry of `registry`; an unknown id names the choices and the nearest one. */
export function registryId<T extends RegistryEntry>(registry: Registry<T>, description: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      if (registry.has(value)) return;
      const near = didYouMean(value, registry.ids);
      ctx.addIssue({
        code: 'custom',
        message: `unknown ${registry.family} ${excerpt(value)}${near ? ` (did you mean '${near}'?)` : ''}; expected one of ${registry.ids.join(', ')}`,
      });
    })
    .meta({ description: `${description}: one of ${registry.ids.join(', ')}`, examples: [...registry.ids] });
}

/** Unknown keys an error names one by one before it counts the rest. */
const KEYS_NAMED = 5;

/** An object that rejects unknown keys, naming the nearest known key. */
export function strictObject<S extends z.core.$ZodLooseShape>(shape: S, description: string) {
  const known = Object.keys(shape);
  return z
    .strictObject(shape, {
      error: (issue) => {
        if (issue.code !== 'unrecognized_keys') return undefined;
        const parts = issue.keys.slice(0, KEYS_NAMED).map((key) => {
          const near = didYouMean(key, known);
          return near ? `${excerpt(key)} (did you mean '${near}'?)` : excerpt(key);
        });
        if (issue.keys.length > KEYS_NAMED) parts.push(`and ${issue.keys.length - KEYS_NAMED} more`);
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${parts.join(', ')}; expected keys: ${known.join(', ')}`;
      },
    })
    .meta({ description });
}
