import { describe, expect, it } from 'vitest';
import { deepMerge } from './merge.js';

describe('deepMerge', () => {
  it('deepMerge merges objects key by key and replaces arrays and scalars', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
  });

  it('deepMerge keeps a __proto__ key of a document as a key: no prototype replaced, nothing polluted', () => {
    // JSON.parse (like a YAML document) makes "__proto__" an own key; assigning it to an object would set its prototype.
    const over = JSON.parse('{ "__proto__": { "polluted": 1, "gpus": 256 }, "scaleUp": { "__proto__": { "domainSize": 8 } } }');
    const merged = deepMerge({ scaleUp: { tiers: 1 } }, over) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(merged.scaleUp)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['scaleUp', '__proto__']);
    expect(Object.keys(merged.scaleUp as object)).toEqual(['tiers', '__proto__']);
    expect((merged as { gpus?: unknown }).gpus).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('deepMerge never reads what an object inherits: a constructor key merges with nothing', () => {
    // {}.constructor is Object; merged with it, the document's constructor would become a copy of Object's statics.
    const merged = deepMerge({}, JSON.parse('{ "constructor": { "prototype": { "polluted": 1 } } }')) as Record<string, unknown>;
    expect(merged.constructor).toEqual({ prototype: { polluted: 1 } });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
