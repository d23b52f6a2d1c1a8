import { describe, expect, it } from 'vitest';
import { failureModels } from '../hardware/failures.js';
import { buildPreset } from '../test-support.js';
import { compoundPoissonQuantile, DEFAULT_SERVE_RESTART_S, servingAvailability } from './serving.js';

const GIB = 2 ** 30;
const byKey = (a: ReturnType<typeof servingAvailability>) => Object.fromEntries(a.classes.map((c) => [c.key, c]));

describe('servingAvailability', () => {
  it('servingAvailability: with no spares a GPU fault keeps its 8-GPU replica out for detection, the repair, restart and reload', () => {
    const system = buildPreset('hgx-h100', {}, 64);
    const a = servingAvailability(system, { gpusPerReplica: 8, replicas: 8, weightsBytesPerGpu: 17.5 * GIB }, { spareGpus: 0 });
    const gpu = byKey(a).gpu;
    const spec = failureModels.get('gpu');
    expect(gpu?.replicasPerFailure).toBe(1);
    expect(gpu?.outageS).toBeCloseTo(spec.detectS + spec.repairS + DEFAULT_SERVE_RESTART_S + a.reloadS, 6);
    // 8 x 17.5 GiB over the 8 GPUs' share of the DCN NICs (one 400G per server: 50 GB/s): 3.0 s.
    expect(a.reloadS).toBeCloseTo((8 * 17.5 * GIB) / 50e9, 6);
    expect(a.availability).toBeGreaterThan(0.99);
    expect(a.availability).toBeLessThan(0.999);
  });

  it('servingAvailability: a replica inside one server ignores scale-out switches, links and optics; one spanning two does not', () => {
    const system = buildPreset('hgx-h100', {}, 64);
    const inServer = byKey(servingAvailability(system, { gpusPerReplica: 8, replicas: 8, weightsBytesPerGpu: GIB }));
    const across = byKey(servingAvailability(system, { gpusPerReplica: 16, replicas: 4, weightsBytesPerGpu: GIB }));
    for (const key of ['scale-out-switch', 'link', 'optics']) {
      expect(inServer[key]).toBeUndefined();
      expect(across[key]?.failuresPerDay).toBeGreaterThan(0);
    }
  });

  it('servingAvailability: a failure stops every replica in its blast radius (32-GPU OS images, the 128-GPU AL128 domain)', () => {
    const system = buildPreset('al128', { server: { gpusPerOs: 32 } });
    const classes = byKey(servingAvailability(system, { gpusPerReplica: 8, replicas: 16, weightsBytesPerGpu: GIB }));
    expect(classes.host?.replicasPerFailure).toBe(4);
    expect(classes.gpu?.replicasPerFailure).toBe(4);
    expect(classes['scale-up-switch']?.replicasPerFailure).toBe(16);
    expect(classes.software?.replicasPerFailure).toBe(1);
  });

  it('servingAvailability: spares covering an OS image cut the mean outage and raise the availability', () => {
    const system = buildPreset('hgx-h100', {}, 128);
    const deployment = { gpusPerReplica: 8, replicas: 15, weightsBytesPerGpu: 17.5 * GIB };
    const none = servingAvailability(system, deployment, { spareGpus: 0 });
    const eight = servingAvailability(system, deployment, { spareGpus: 8 });
    expect(eight.meanOutageS).toBeLessThan(none.meanOutageS / 5);
    expect(eight.availability).toBeGreaterThan(none.availability);
    // With 8 spares a failure waits only while an earlier one is still in repair (48 h for a GPU): a few percent.
    expect(eight.waitProbability).toBeGreaterThan(0);
    expect(eight.waitProbability).toBeLessThan(0.1);
    // With none, every failure that takes GPUs out waits; only software faults (nothing to repair) do not.
    expect(none.waitProbability).toBeGreaterThan(0.5);
  });

  it('servingAvailability refuses a deployment larger than the system, naming the field', () => {
    const system = buildPreset('hgx-h100', {}, 16);
    expect(() => servingAvailability(system, { gpusPerReplica: 8, replicas: 3, weightsBytesPerGpu: GIB })).toThrow(
      /replicas: 3 replicas of 8 GPUs need 24 GPUs; the system has 16/,
    );
  });
});

describe('compoundPoissonQuantile', () => {
  it('compoundPoissonQuantile gives the Poisson quantile for batches of one, scaled by the batch', () => {
    // Poisson(1): P(N <= 3) = 0.981, P(N <= 4) = 0.9963.
    expect(compoundPoissonQuantile([{ batch: 1, mean: 1 }], 0.99, 100)).toBe(4);
    expect(compoundPoissonQuantile([{ batch: 4, mean: 1 }], 0.99, 100)).toBe(16);
    expect(compoundPoissonQuantile([{ batch: 1, mean: 1 }], 0.99, 3)).toBe(3);
    expect(compoundPoissonQuantile([{ batch: 1, mean: 0.001 }], 0.99, 10)).toBe(0);
  });
  it('compoundPoissonQuantile falls back to the normal approximation where e^-mean underflows', () => {
    // Poisson(1000): mean + 2.326 sd = 1000 + 73.6.
    expect(compoundPoissonQuantile([{ batch: 1, mean: 1000 }], 0.99, 5000)).toBe(1074);
  });
});
