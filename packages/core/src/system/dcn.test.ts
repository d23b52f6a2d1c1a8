import { describe, expect, it } from 'vitest';
import { systemPresets } from '../presets/registry.js';
import { tierSpecs } from '../serving/deployment.js';
import { buildPreset } from '../test-support.js';
import { systemCost } from './cost.js';
import { systemPower } from './power.js';
import { systemSchema } from './schema.js';
import { buildSystem } from './system.js';

describe('converged DCN (2-layer design)', () => {
  it('a converged DCN drops the DCN NICs from power and cost and fetches remote KV over the scale-out NICs', () => {
    const three = buildPreset('al128', {}, 1024);
    const two = buildPreset('al128', { dcn: { converged: true } }, 1024);
    // Expected because 128 servers each lose one BlueField-3: its power and price times 128.
    const nic = three.spec.dcn?.nic;
    expect(systemPower(three).byComponent.nic - systemPower(two).byComponent.nic).toBeCloseTo(128 * (nic?.power ?? 0), 6);
    expect(systemCost(three).byComponent.nic - systemCost(two).byComponent.nic).toBeCloseTo(128 * (nic?.priceUsd ?? 0), 6);
    // A replica of 8 GPUs on one server: one 400G DCN NIC (50 GB/s), or eight 400G scale-out NICs (400 GB/s).
    const remote = (system: typeof two) => tierSpecs(system, ['remote'], 8, 1)[0]?.bandwidth;
    expect(remote(three)).toBeCloseTo(50e9, -6);
    expect(remote(two)).toBeCloseTo(400e9, -6);
  });

  it('a converged DCN needs a scale-out network to converge with', () => {
    const { scaleOut: _dropped, ...input } = systemPresets.get('al128').input as Record<string, unknown>;
    const spec = systemSchema.parse({ ...input, dcn: { converged: true } });
    expect(() => buildSystem(spec, { gpus: 128 })).toThrow(/dcn\.converged: true, but the system has no scale-out network to converge with/);
  });
});
