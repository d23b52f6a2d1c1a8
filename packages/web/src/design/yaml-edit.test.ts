import { describe, expect, it } from 'vitest';
import { setField, typedValue } from './yaml-edit.js';

describe('setField', () => {
  it('sets a nested field, keeping comments and order', () => {
    const text = '# my design\nextends: al128\ngpus: 256 # two racks\n';
    expect(setField(text, ['scaleUp', 'bandwidthPerGpu'], '1750GB/s')).toBe(
      '# my design\nextends: al128\ngpus: 256 # two racks\nscaleUp:\n  bandwidthPerGpu: 1750GB/s\n',
    );
  });

  it('clearing a field removes it and a section it leaves empty', () => {
    const text = 'extends: al128\nscaleUp:\n  bandwidthPerGpu: 1750GB/s\n';
    expect(setField(text, ['scaleUp', 'bandwidthPerGpu'], undefined)).toBe('extends: al128\n');
  });

  it('refuses to edit text that does not parse', () => {
    expect(() => setField('gpus: [1, 2\n', ['gpus'], 8)).toThrow(/does not parse/);
  });
});

describe('typedValue', () => {
  it('numbers become numbers; anything else stays text for the schema to judge', () => {
    expect(typedValue('128')).toBe(128);
    expect(typedValue('-8')).toBe(-8);
    expect(typedValue('1.5e3')).toBe(1500);
    expect(typedValue('12x')).toBe('12x');
    expect(typedValue('800GB/s')).toBe('800GB/s');
  });
});
