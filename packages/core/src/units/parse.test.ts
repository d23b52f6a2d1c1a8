import { describe, expect, it } from 'vitest';
import { parseBytes, parseQuantity, parseRate, parseTime, QuantityError } from './parse.js';

describe('parseQuantity', () => {
  it('parseQuantity reads network rates in bits: 400Gbps = 400e9 / 8 B/s', () => {
    expect(parseQuantity('400Gbps')).toEqual({ value: 5e10, dimension: 'rate' });
    expect(parseRate('400Gb/s')).toBe(5e10);
    expect(parseRate('14Tbit/s')).toBe(14e12 / 8);
  });
  it('parseQuantity reads byte rates with an upper-case B: 1.75TB/s = 1.75e12 B/s', () => {
    expect(parseRate('1.75TB/s')).toBe(1.75e12);
    expect(parseRate('900GBps')).toBe(9e11);
  });
  it('parseBytes takes bare prefixes as binary, as nccl-tests does (8G = 2^33)', () => {
    expect(parseBytes('8G')).toBe(2 ** 33);
    expect(parseBytes('1K')).toBe(1024);
    expect(parseBytes('1KiB')).toBe(1024);
    expect(parseBytes('80GB')).toBe(80e9);
    expect(parseBytes(4096)).toBe(4096);
  });
  it('parseTime reads ns, us and ms', () => {
    expect(parseTime('150ns')).toBeCloseTo(150e-9, 18);
    expect(parseTime('2us')).toBeCloseTo(2e-6, 15);
    expect(parseTime('1.5ms')).toBeCloseTo(1.5e-3, 12);
  });
  it('parseRate rejects a size, naming what was expected', () => {
    expect(() => parseRate('8G')).toThrow(QuantityError);
    expect(() => parseRate('8G')).toThrow(/is a bytes, expected a rate such as 400Gbps/);
  });
  it('parseQuantity rejects an unknown unit and a missing number', () => {
    expect(() => parseQuantity('400 furlongs')).toThrow(/unknown unit 'furlongs'/);
    expect(() => parseQuantity('fast')).toThrow(/is not a quantity/);
  });
});

describe('parseAs bounds', () => {
  it("refuses a number that overflows to Infinity, bare or with a unit: '1e999' once hung the scale-out planner", () => {
    expect(() => parseRate('1e999')).toThrow(QuantityError);
    expect(() => parseRate('1e999GB/s')).toThrow(/not a finite number/);
    expect(() => parseTime('1e400s')).toThrow(QuantityError);
    expect(parseRate('1e300')).toBe(1e300);
  });
});
