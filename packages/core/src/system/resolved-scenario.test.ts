/** The resolved scenario reads back as the same system, for every preset, and fills what a scenario left to defaults. */

import { describe, expect, it } from 'vitest';
import { describeSystem } from '../describe/describe.js';
import { systemPresets } from '../presets/registry.js';
import { loadScenario } from '../scenario/load.js';
import { resolvedScenario } from './resolved-scenario.js';
import { systemSchema } from './schema.js';
import { buildSystem } from './system.js';

describe('resolvedScenario', () => {
  it.each(systemPresets.ids)('%s written back as a whole scenario builds the same system', (id) => {
    const spec = systemSchema.parse(systemPresets.get(id).input);
    const system = buildSystem(spec);
    const again = buildSystem(systemSchema.parse(resolvedScenario(spec, system)));
    expect(describeSystem(again)).toEqual(describeSystem(system));
  });

  it("fills the defaults a scenario left out and keeps the scenario's own parts", () => {
    const spec = loadScenario('extends: gb200-nvl72\ngpu: x\nparts: { gpus: { x: { extends: gb200, tdp: 1.5kW } } }\n', 'x.yaml');
    const out = resolvedScenario(spec, buildSystem(spec)) as { scaleUp: Record<string, unknown>; collectives: unknown; parts: unknown; gpu: string };
    expect([out.gpu, out.scaleUp.protocolEfficiency, out.scaleUp.medium, out.collectives]).toEqual(['x', 0.93, 'copper', { latencyScale: 1 }]);
    expect(out.parts).toEqual({ gpus: { x: { extends: 'gb200', tdp: 1500 } } });
    expect(buildSystem(systemSchema.parse(out)).spec.gpu.tdp).toBe(1500);
  });
});
