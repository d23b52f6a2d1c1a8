import { describe, expect, it } from 'vitest';
import { systemSchema } from '../system/schema.js';
import { forbiddenSegment, missingField, setPath } from './paths.js';

describe('forbiddenSegment', () => {
  it('forbiddenSegment names __proto__, constructor and prototype wherever they stand, and passes field names', () => {
    expect(forbiddenSegment(['system', '__proto__', 'x'])).toMatch(/^segment '__proto__' names JavaScript's object machinery/);
    expect(forbiddenSegment(['args', 'constructor'])).toMatch(/segment 'constructor'/);
    expect(forbiddenSegment(['system', 'failures', '0', 'prototype'])).toMatch(/segment 'prototype'/);
    expect(forbiddenSegment(['system', 'scaleUp', 'domainSize'])).toBeUndefined();
  });
});

describe('missingField', () => {
  it('missingField names a segment the schema lacks even when every object inherits it', () => {
    // toString and constructor are on every object's prototype, not fields of the scenario.
    expect(missingField(systemSchema, ['toString'])).toMatch(/^no field 'toString' in the scenario/);
    expect(missingField(systemSchema, ['scaleUp', 'constructor'])).toMatch(/^no field 'constructor' in scaleUp/);
    expect(missingField(systemSchema, ['scaleUp', 'domainSize'])).toBeUndefined();
  });
});

describe('setPath', () => {
  it('setPath writes a copy along the path and shares the rest', () => {
    const base = { scaleUp: { domainSize: 8, tiers: 1 }, rack: { kw: 100 } };
    const set = setPath(base, ['scaleUp', 'domainSize'], 64);
    expect(set).toEqual({ scaleUp: { domainSize: 64, tiers: 1 }, rack: { kw: 100 } });
    expect(set.rack).toBe(base.rack);
    expect(base.scaleUp.domainSize).toBe(8);
  });

  it('setPath writes __proto__ and constructor as plain keys: no prototype replaced or reached, nothing polluted', () => {
    const set = setPath({}, ['__proto__', 'polluted'], 1);
    expect(Object.getPrototypeOf(set)).toBe(Object.prototype);
    expect(Object.keys(set)).toEqual(['__proto__']);
    const ctor = setPath({}, ['constructor', 'prototype', 'polluted'], 1);
    expect(Object.keys(ctor)).toEqual(['constructor']);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object).not.toHaveProperty('prototype.polluted');
  });
});
