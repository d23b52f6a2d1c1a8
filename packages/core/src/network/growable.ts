/** Growth helpers for typed arrays used as struct-of-arrays storage: double the capacity, keep the contents. */

const MIN_CAPACITY = 16;

function nextCapacity(current: number, needed: number): number {
  return Math.max(needed, current * 2, MIN_CAPACITY);
}

/** Returns `a` itself when it already holds `needed` elements, else a larger copy. */
export function ensureFloat64(a: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> {
  if (a.length >= needed) return a;
  const grown = new Float64Array(nextCapacity(a.length, needed));
  grown.set(a);
  return grown;
}

/** Returns `a` itself when it already holds `needed` elements, else a larger copy. */
export function ensureInt32(a: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (a.length >= needed) return a;
  const grown = new Int32Array(nextCapacity(a.length, needed));
  grown.set(a);
  return grown;
}

/** Returns `a` itself when it already holds `needed` elements, else a larger copy. */
export function ensureUint8(a: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  if (a.length >= needed) return a;
  const grown = new Uint8Array(nextCapacity(a.length, needed));
  grown.set(a);
  return grown;
}
