/** A bounded table from an iteration's bucketed load (five whole numbers) to its cost: open addressing over typed arrays, no key string or entry object per load. */

/**
 * Most loads it keeps, some 30 MB with their costs: a day of a busy trace meets millions of distinct loads, and past this many the table
 * starts afresh. A run meeting fewer finds exactly what an unbounded table would.
 */
export const LOAD_CACHE_ENTRIES = 2 ** 18;
const KEY_PARTS = 5;

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
 * Example: set(1, 2, 3, 4, 5, x) then get(1, 2, 3, 4, 5) is x; get(1, 2, 3, 4, 6) is undefined.
 */
export class LoadCache<V> {
  private keys: Float64Array;
  private values: (V | undefined)[];
  private count = 0;

  constructor(slots = 1024) {
    this.keys = new Float64Array(slots * KEY_PARTS);
    this.values = new Array<V | undefined>(slots).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  get(a: number, b: number, c: number, d: number, e: number): V | undefined {
    const at = this.slotOf(a, b, c, d, e);
    return this.values[at];
  }

  set(a: number, b: number, c: number, d: number, e: number, value: V): void {
    if (this.count >= LOAD_CACHE_ENTRIES) this.clear();
    else if (2 * (this.count + 1) > this.values.length) this.grow();
    const at = this.slotOf(a, b, c, d, e);
    if (this.values[at] === undefined) this.count++;
    this.values[at] = value;
    const k = at * KEY_PARTS;
    this.keys[k] = a;
    this.keys[k + 1] = b;
    this.keys[k + 2] = c;
    this.keys[k + 3] = d;
    this.keys[k + 4] = e;
  }

  /** The slot holding this key, or the empty slot where it would go. */
  private slotOf(a: number, b: number, c: number, d: number, e: number): number {
    const keys = this.keys;
    const mask = this.values.length - 1;
    for (let at = hash(a, b, c, d, e) & mask; ; at = (at + 1) & mask) {
      if (this.values[at] === undefined) return at;
      const k = at * KEY_PARTS;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d && keys[k + 4] === e) return at;
    }
  }

  private clear(): void {
    this.values.fill(undefined);
    this.count = 0;
  }

  private grow(): void {
    const old = { keys: this.keys, values: this.values };
    this.keys = new Float64Array(old.values.length * 2 * KEY_PARTS);
    this.values = new Array<V | undefined>(old.values.length * 2).fill(undefined);
    this.count = 0;
    old.values.forEach((value, slot) => {
      if (value === undefined) return;
      const k = slot * KEY_PARTS;
      const [a, b, c, d, e] = [old.keys[k], old.keys[k + 1], old.keys[k + 2], old.keys[k + 3], old.keys[k + 4]] as number[] as [
        number,
        number,
        number,
        number,
        number,
      ];
      this.set(a, b, c, d, e, value);
    });
  }
}
