/** Schema building blocks: quantities with units, strict objects with did-you-mean, registry ids. */

import { z } from 'zod';
import { excerpt, grouped, shownValue } from '../base/excerpt.js';
import { didYouMean } from '../registry/did-you-mean.js';
import type { Registry, RegistryEntry } from '../registry/registry.js';
import { type Dimension, describeDimension, parseAs, QuantityError } from '../units/parse.js';

/** A quantity given as text with a unit ("400Gbps") or a number in base units; must be positive (or, `zero: true`, at least 0). */
export function quantity(dimension: Dimension, description: string, options: { readonly zero?: boolean } = {}) {
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
      if (!(parsed > 0 || (options.zero && parsed === 0))) {
        const what = options.zero ? 'a value of 0 or more' : 'a positive value';
        ctx.addIssue({ code: 'custom', message: `expected ${what}, ${describeDimension(dimension)}; received ${shownValue(value, '"')}` });
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

/**
 * The id of a catalogue entry of `registry` or of a part the scenario defines under `parts.<kind>`: text here; the
 * system schema checks each against both once it has read the parts (system/parts.ts unknownPartMessage).
 */
export function partRef<T extends RegistryEntry>(registry: Registry<T>, kind: string, description: string) {
  return z
    .string()
    .min(1)
    .meta({ description: `${description}: one of ${registry.ids.join(', ')}, or the id of one under parts.${kind}`, examples: [...registry.ids] });
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
