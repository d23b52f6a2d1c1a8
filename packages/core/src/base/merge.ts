/** Deep merge for `extends:`: objects merge key by key, anything else (arrays, scalars) is replaced. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `object[key]` when `object` holds `key` itself: a key such as `__proto__` or `constructor` reads what the text said,
 * never what every object inherits.
 */
export function ownValue(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * `over` wins; neither input is changed. Keys are written as plain data (a `__proto__` key from a document stays a key,
 * which the schema then refuses by name, and never replaces an object's prototype).
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged = Object.entries(over).map(([key, value]) => [key, deepMerge(ownValue(base, key), value)] as const);
  return Object.fromEntries([...Object.entries(base), ...merged]);
}
