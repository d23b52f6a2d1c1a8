/** A bounded table from an iteration's bucketed load (five whole numbers) to its cost (three numbers): open addressing over typed arrays, no key string or object per load. */

/**
 * Most loads it keeps, in some 30 MB: a day of a busy trace meets millions of distinct loads, and past this many the
 * table starts afresh. A run meeting fewer finds exactly what an unbounded table would.
 */
export const LOAD_CACHE_ENTRIES = 2 ** 18;
const KEY_PARTS = 5;
const VALUE_PARTS = 3;

/** Mixes five whole numbers into 32 bits (multiplicative hashing with odd constants; wraps numbers past 32 bits). */
function hash(a: number, b: number, c: number, d: number, e: number): number {
  let h = Math.imul(a | 0, 0x9e3779b1);
  h = Math.imul(h ^ (b | 0), 0x85ebca77);
  h = Math.imul(h ^ (c | 0), 0xc2b2ae3d);
  h = Math.imul(h ^ (d | 0), 0x27d4eb2f);
  h = Math.imul(h ^ (e | 0), 0x165667b1);
  return h ^ (h >>> 15);
}

/**
 * Keys are compared whole, so two loads share an entry exactly when all five numbers are equal. The slots double while
 * at most half full, up to twice LOAD_CACHE_ENTRIES; a full table is emptied before the next entry goes in.
 * Example: after set(1, 2, 3, 4, 5, [x, y, z]), value(find(1, 2, 3, 4, 5), 1) is y and find(1, 2, 3, 4, 6) is -1.
 */
export class LoadCache {
  private keys: Float64Array;
  private values: Float64Array;
  private used: Uint8Array;
  private count = 0;

  constructor(slots = 1024) {
    this.keys = new Float64Array(slots * KEY_PARTS);
    this.values = new Float64Array(slots * VALUE_PARTS);
    this.used = new Uint8Array(slots);
  }

  get size(): number {
    return this.count;
  }

  /** The entry of this load (for `value`), or -1. */
  find(a: number, b: number, c: number, d: number, e: number): number {
    const at = this.slotOf(a, b, c, d, e);
    return this.used[at] === 0 ? -1 : at;
  }

  /** Number `part` (0 to 2) stored in entry `entry`. */
  value(entry: number, part: number): number {
    return this.values[entry * VALUE_PARTS + part] as number;
  }

  set(a: number, b: number, c: number, d: number, e: number, value: readonly [number, number, number]): void {
    if (this.count >= LOAD_CACHE_ENTRIES) this.clear();
    else if (2 * (this.count + 1) > this.used.length) this.grow();
    const at = this.slotOf(a, b, c, d, e);
    if (this.used[at] === 0) this.count++;
    this.used[at] = 1;
    const k = at * KEY_PARTS;
    this.keys[k] = a;
    this.keys[k + 1] = b;
    this.keys[k + 2] = c;
    this.keys[k + 3] = d;
    this.keys[k + 4] = e;
    this.values.set(value, at * VALUE_PARTS);
  }

  /** The slot holding this key, or the empty slot where it would go. */
  private slotOf(a: number, b: number, c: number, d: number, e: number): number {
    const { keys, used } = this;
    const mask = used.length - 1;
    for (let at = hash(a, b, c, d, e) & mask; ; at = (at + 1) & mask) {
      if (used[at] === 0) return at;
      const k = at * KEY_PARTS;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d && keys[k + 4] === e) return at;
    }
  }

  private clear(): void {
    this.used.fill(0);
    this.count = 0;
  }

  private grow(): void {
    const old = { keys: this.keys, values: this.values, used: this.used };
    const slots = old.used.length * 2;
    this.keys = new Float64Array(slots * KEY_PARTS);
    this.values = new Float64Array(slots * VALUE_PARTS);
    this.used = new Uint8Array(slots);
    this.count = 0;
    for (let slot = 0; slot < old.used.length; slot++) {
      if (old.used[slot] === 0) continue;
      const [k, v] = [slot * KEY_PARTS, slot * VALUE_PARTS];
      const key = old.keys.subarray(k, k + KEY_PARTS);
      const value = old.values.subarray(v, v + VALUE_PARTS);
      this.set(key[0] as number, key[1] as number, key[2] as number, key[3] as number, key[4] as number, [
        value[0] as number,
        value[1] as number,
        value[2] as number,
      ]);
    }
  }
}
