import { describe, expect, it } from 'vitest';
import { cpus, cxlPools, failureModels, gpus, linkMedia, nics, racks, switchChips } from './index.js';

const registries = [gpus, cpus, switchChips, nics, linkMedia, cxlPools, racks, failureModels];

describe('hardware index', () => {
  it.each(registries.map((r) => [r.family, r] as const))('%s entries each carry a name, description and source', (_, registry) => {
    // Listings, help text and reports print these; an empty one would show as a blank row.
    for (const entry of registry.entries) {
      expect(entry.name.trim(), entry.id).not.toBe('');
      expect(entry.source.trim(), entry.id).not.toBe('');
      expect(entry.description, entry.id).toMatch(/^\S.*\.$/s);
      expect(entry.description, entry.id).not.toContain('\n');
      expect(Array.isArray(entry.assumptions), entry.id).toBe(true);
    }
  });

  it.each(registries.map((r) => [r.family, r] as const))('%s entries hold only finite, non-negative numbers', (_, registry) => {
    // Every quantity in a spec (rates, sizes, watts, dollars, latencies) is a magnitude;
    // NaN or a sign slip is a typo.
    for (const entry of registry.entries) {
      for (const value of numbersIn(entry)) {
        expect(Number.isFinite(value) && value >= 0, `${entry.id}: ${value}`).toBe(true);
      }
    }
  });

  it.each(registries.map((r) => [r.family, r] as const))('%s ids are kebab-case', (_, registry) => {
    // Ids are typed on command lines and in scenario files.
    for (const id of registry.ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(numbersIn);
}
