import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { train } from '../training/train.js';
import { systemPower } from './power.js';
import { GPU_PHASE_POWER_SHARE, runPower } from './work-power.js';

describe('runPower', () => {
  it('a GPU draws by phase: half compute-bound, half memory-bound is the mean of TDP and 0.74 TDP; the other parts stay rated', () => {
    const h100 = buildPreset('hgx-h100');
    const p = runPower(h100, { computeBound: 4, memoryBound: 4, communicating: 0, idle: 0 });
    expect(p.gpuWatts).toBeCloseTo(0.5 * 700 + 0.5 * 700 * GPU_PHASE_POWER_SHARE.memoryBound, 9);
    const rated = systemPower(h100);
    expect(p.itWatts).toBeCloseTo(rated.total - rated.byComponent.gpu + 8 * p.gpuWatts, 6);
    expect(p.facilityWatts).toBeCloseTo(p.itWatts * h100.spec.facility.pue, 6);
    expect(p.ofRated).toBeLessThan(1);
    expect(p.warnings).toEqual([]);
  });

  it("a run's idle GPUs draw the idle share, and a job on part of the system draws less than one on all of it", () => {
    const system = buildPreset('hgx-h100', {}, 64);
    const busy = { computeBound: 8, memoryBound: 0, communicating: 0, idle: 0 };
    const part = runPower(system, busy, 8);
    const whole = runPower(system, busy, 64);
    expect(whole.itWatts - part.itWatts).toBeCloseTo(56 * 700 * (1 - GPU_PHASE_POWER_SHARE.idle), 6);
  });

  it('a rack over its heat budget on average over the run warns, naming the rack and the excess; the same rack under it does not', () => {
    const tight = buildPreset('hgx-h100', { rack: { heatBudget: '5kW' } }, 64);
    const p = runPower(tight, { computeBound: 1, memoryBound: 0, communicating: 0, idle: 0 });
    expect(p.busiestRackWatts).toBeGreaterThan(5000);
    expect(p.warnings.join('\n')).toMatch(
      /^cooling: rack 0 dissipates [\d.]+ kW on average over this run, over its 5 kW heat budget by [\d.]+ kW \(\d+ racks over\)$/m,
    );
    const idle = runPower(buildPreset('hgx-h100', { rack: { heatBudget: '40kW' } }, 64), { computeBound: 0, memoryBound: 0, communicating: 0, idle: 1 });
    expect(idle.warnings).toEqual([]);
  });

  it("a GPU past its cooling (the rack's per-GPU figure) warns, at rated power in describe and at its mean draw in a run", () => {
    const hot = buildPreset('al128', { rack: { coolingPerGpu: '600W' } });
    expect(systemPower(hot).warnings.join('\n')).toMatch(/cooling: a GPU draws [\d.]+ kW at TDP, over the 600 W its cooling removes by/);
    expect(runPower(hot, { computeBound: 1, memoryBound: 0, communicating: 0, idle: 0 }).warnings.join('\n')).toMatch(/cooling: a GPU of rack 0 draws/);
    // The AL128's own 2 kW a GPU holds its GPUs.
    expect(systemPower(buildPreset('al128')).warnings.filter((w) => w.includes('its cooling removes'))).toEqual([]);
  });

  it('train prices energy from what the step does: below rated, and less per token than the same step at rated power', () => {
    const system = buildPreset('hgx-h100', {}, 64);
    const r = train(system, models.get('llama3-8b'), { tp: 1, pp: 1, dp: 64, zero: 3, mbs: 1, gbs: 512, seq: 8192 });
    const rated = systemPower(system).facility;
    expect(r.power.facilityKw * 1000).toBeLessThan(rated);
    expect(r.power.phaseShare.computeBound).toBeGreaterThan(0.5);
    expect(r.economics.joulesPerToken).toBeCloseTo((r.power.facilityKw * 1000) / 64 / r.tokensPerSecPerGpu, 9);
  });
});

describe('hosts apart from the GPU trays', () => {
  it('GPUs per OS sets the CPU nodes: 8, 16 and 32 on an AL128 give 16, 8 and 4 hosts, less CPU power and capex, less host memory a GPU', () => {
    const at = (gpusPerOs: number) => buildPreset('al128', { server: { gpusPerOs } });
    const [eight, sixteen, thirtyTwo] = [at(8), at(16), at(32)];
    expect([eight.hosts, sixteen.hosts, thirtyTwo.hosts]).toEqual([16, 8, 4]);
    const cpu = (s: typeof eight) => systemPower(s).byComponent.cpu;
    expect(cpu(sixteen)).toBeCloseTo(cpu(eight) / 2, 9);
    expect(cpu(thirtyTwo)).toBeCloseTo(cpu(eight) / 4, 9);
    expect(systemPower(thirtyTwo).total).toBeLessThan(systemPower(sixteen).total);
    expect(systemPower(sixteen).total).toBeLessThan(systemPower(eight).total);
    expect(eight.spec.server.hostDram / eight.spec.server.gpusPerOs).toBe(256e9);
    expect(thirtyTwo.spec.server.hostDram / thirtyTwo.spec.server.gpusPerOs).toBe(64e9);
  });
});
