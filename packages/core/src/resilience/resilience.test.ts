import { describe, expect, it } from 'vitest';
import { parameterCounts } from '../models/count.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { resolvePlan } from '../training/plan.js';
import type { PlanInput } from '../training/plan-args.js';
import { tBps } from '../units/units.js';
import { checkpointCost } from './checkpoint.js';
import { resilience } from './resilience.js';

const llama405: PlanInput = { tp: 8, pp: 16, vpp: 8, mbs: 1, gbs: 2048, seq: 8192, zero: 1, accountForEmbedding: true, accountForLoss: true };
const llama70: PlanInput = { tp: 8, pp: 4, mbs: 1, gbs: 512, seq: 4096 };

describe('checkpointCost', () => {
  it('checkpointCost writes 14 B per parameter (BF16 weights, FP32 master and moments) at the storage rate', () => {
    const system = buildPreset('hgx-h100', {}, 16_384);
    const model = models.get('llama3.1-405b');
    const c = checkpointCost(system, model, resolvePlan(model, system, llama405));
    expect(c.stateBytes).toBeCloseTo(parameterCounts(model).total * 14, 0);
    // 2,048 hosts x one 400G DCN NIC = 102 TB/s; the assumed 2 TB/s storage binds.
    expect(c.bandwidth).toBe(tBps(2));
    expect(c.writeS).toBeCloseTo(c.stateBytes / 2e12, 9);
    // Restoring loads what every GPU holds: more than the unique state (DP replicas hold copies of the weights).
    expect(c.restoreBytes).toBeGreaterThan(c.stateBytes);
  });

  it('checkpointCost on one AL128 is bound by its 16 hosts x 400G DCN NICs, not the storage', () => {
    const system = buildPreset('al128');
    const model = models.get('llama3-70b');
    const c = checkpointCost(system, model, resolvePlan(model, system, llama70));
    expect(c.bandwidth).toBe(16 * 50e9);
  });
});

describe('resilience', () => {
  it('resilience reports the contract fields, with days to train from the expected goodput', () => {
    const r = resilience(buildPreset('al128'), models.get('llama3-70b'), llama70, { spareGpus: 16, tokens: 1e11, runs: 50 });
    expect(r.interruptionsPerDay).toBeGreaterThan(0);
    expect(r.mtbfHours).toBeCloseTo(24 / r.interruptionsPerDay, 9);
    expect(r.blastRadiusGpus.gpu).toBe(8);
    expect(r.checkpoint.intervalS).toBeCloseTo(Math.sqrt(2 * r.checkpoint.writeS * r.mtbfHours * 3_600), 6);
    expect(r.goodput).toBeGreaterThan(0.5);
    expect(r.goodput).toBeLessThan(1);
    expect(r.daysToTrain).toBeCloseTo((r.daysToTrainFailureFree ?? 0) / r.goodput, 9);
    expect(r.daysToTrainFailureFree).toBeCloseTo(1e11 / (r.tokensPerSecPerGpu * 128) / 86_400, 9);
  });

  it('resilience takes a given checkpoint interval', () => {
    const r = resilience(buildPreset('al128'), models.get('llama3-70b'), llama70, { checkpointIntervalS: 1_800, spareGpus: 16, runs: 20 });
    expect(r.checkpoint.intervalS).toBe(1_800);
    expect(r.checkpoint.interval).toBe('given');
  });

  it('resilience on al128: 32 GPUs per OS need more spares than 8 for the same goodput', () => {
    // With 16 spare GPUs, two 8-GPU images fit in the pool but no 32-GPU one: every GPU failure waits a repair.
    const at = (gpusPerOs: number) =>
      resilience(buildPreset('al128', { server: { gpusPerOs } }, 1024), models.get('llama3-70b'), { ...llama70, gbs: 1024 }, { spareGpus: 16, runs: 20 });
    expect(at(8).goodput).toBeGreaterThan(at(32).goodput);
    expect(at(32).expected.waitProbability).toBeGreaterThan(at(8).expected.waitProbability);
  });
});
