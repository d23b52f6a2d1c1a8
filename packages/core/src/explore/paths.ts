/** Field paths of a sweep axis: where `system.scaleUp.domainSize` lands in a scenario, checked against the schema. */

import type { z } from 'zod';
import { isPlainObject, ownValue } from '../base/merge.js';
import { didYouMean } from '../registry/did-you-mean.js';

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema a wrapper (optional, default, nullable, readonly, a pipe's input) stands for, or undefined for any other. */
function unwrapped(def: Def): z.ZodType | undefined {
  if (['optional', 'default', 'prefault', 'nullable', 'readonly'].includes(def.type)) return def.innerType;
  return def.type === 'pipe' ? def.in : undefined;
}

/** A union's verdict from its branches': none when any branch takes the path, else the first branch's reason. */
const unionVerdict = (reasons: readonly (string | undefined)[]): string | undefined => (reasons.some((r) => r === undefined) ? undefined : reasons[0]);

/** Names JavaScript gives every object: as path segments they would reach its machinery, never a field of a document. */
const OBJECT_MACHINERY = ['__proto__', 'constructor', 'prototype'];

/**
 * Why `path` may not be a field path at all, or undefined: a segment naming an object's machinery.
 * Example: ['system', '__proto__', 'x'] -> "segment '__proto__' names JavaScript's object machinery, not a field".
 */
export function forbiddenSegment(path: readonly string[]): string | undefined {
  const bad = path.find((segment) => OBJECT_MACHINERY.includes(segment));
  return bad === undefined ? undefined : `segment '${bad}' names JavaScript's object machinery, not a field`;
}

/**
 * Why `path` names no field of `schema`, or undefined when it does: each segment must be a key of an object (or an index
 * of an array, or any key of a record); a leaf ends the path.
 * Example: ['scaleUp', 'domainSzie'] -> "no field 'domainSzie' in scaleUp (did you mean 'domainSize'?)".
 */
export function missingField(schema: z.ZodType, path: readonly string[], walked: readonly string[] = []): string | undefined {
  const def = defOf(schema);
  const where = walked.length > 0 ? walked.join('.') : 'the scenario';
  const inner = unwrapped(def);
  if (inner) return missingField(inner, path, walked);
  if (def.type === 'union') return unionVerdict((def.options ?? []).map((o) => missingField(o, path, walked)));
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  if (def.type === 'object') {
    const shape = def.shape ?? {};
    const field = ownValue(shape, head) as z.ZodType | undefined;
    if (!field) {
      const near = didYouMean(head, Object.keys(shape));
      return `no field '${head}' in ${where}${near ? ` (did you mean '${near}'?)` : ''}; it has ${Object.keys(shape).join(', ')}`;
    }
    return missingField(field, rest, [...walked, head]);
  }
  if (def.type === 'record') return missingField(def.valueType as z.ZodType, rest, [...walked, head]);
  if (def.type === 'array') {
    if (!/^\d+$/.test(head)) return `${where} is a list; expected an index, received '${head}'`;
    return missingField(def.element as z.ZodType, rest, [...walked, head]);
  }
  return `${where} is a single value; it has no field '${head}'`;
}

/**
 * Why the field at `path` of `schema` refuses `value` on its own (its type, bounds, choices), or undefined when it takes
 * it or the path runs through a union none of whose branches can be told apart here. Rules that join fields are left to
 * the whole document's check.
 * Example: (systemSchema, ['scaleUp', 'domainSize'], 22.6) -> 'Invalid input: expected int, received number'.
 */
export function refusedValue(schema: z.ZodType, path: readonly string[], value: unknown): string | undefined {
  const [head, ...rest] = path;
  if (head === undefined) {
    const result = schema.safeParse(value);
    return result.success ? undefined : (result.error.issues[0]?.message ?? 'invalid');
  }
  const def = defOf(schema);
  const inner = unwrapped(def);
  if (inner) return refusedValue(inner, path, value);
  switch (def.type) {
    case 'union':
      return unionVerdict((def.options ?? []).map((o) => refusedValue(o, path, value)));
    case 'object': {
      const field = ownValue(def.shape ?? {}, head) as z.ZodType | undefined;
      return field ? refusedValue(field, rest, value) : undefined;
    }
    case 'record':
      return refusedValue(def.valueType as z.ZodType, rest, value);
    case 'array':
      return refusedValue(def.element as z.ZodType, rest, value);
  }
  return undefined;
}

/** `{a: {b: value}}` from ['a', 'b'] (numeric segments still make object keys; scenarios index lists rarely). */
export function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/**
 * Sets `path` in a copy of `base` (objects copied along the path, the rest shared). Keys are written as plain data and
 * only a key `base` holds itself is followed, so no segment reaches or replaces a prototype.
 */
export function setPath(base: Readonly<Record<string, unknown>>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return { ...base };
  const inner = ownValue(base, head);
  return { ...base, [head]: rest.length === 0 ? value : setPath(isPlainObject(inner) ? inner : {}, rest, value) };
}
