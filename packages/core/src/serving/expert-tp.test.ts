import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args/define.js';
import { CollectiveSession } from '../comm/run.js';
import { capacityCommand } from '../commands/capacity.js';
import { opsTime } from '../compute/roofline.js';
import { models } from '../models/registry.js';
import { buildPreset, refusalOf } from '../test-support.js';
import { inTraining } from '../training/calibration.js';
import { capacityAt } from './capacity.js';
import { replicaMemory } from './deployment.js';
import { expertSideOps } from './layer-ops.js';
import { replicaDeployment } from './replica-deployment.js';
import { StepCostModel } from './step-cost.js';

const h200 = buildPreset('hgx-h200');
const deepseek = models.get('deepseek-v3');
const base = { tp: 8, precision: 'fp8', engine: 'trtllm' } as const;

describe('expert tensor parallelism (--moe-tp)', () => {
  it('replicaDeployment: --moe-tp splits the experts --ep spreads, and refuses what it cannot express, naming the field', () => {
    const { shape } = replicaDeployment(h200, deepseek, { ...base, ep: true, moeTp: 2 });
    expect(shape).toMatchObject({ tp: 8, dpAttention: 1, ep: 4, expertTp: 2 });
    expect(shape.dispatchTokensPerRank).toBeUndefined();
    const refused = (options: object) => refusalOf(() => replicaDeployment(h200, deepseek, { ...base, ...options }));
    expect(refused({ moeTp: 2 })).toMatch(/moeTp.*without --ep/);
    expect(refused({ ep: true, moeTp: 3 })).toMatch(/moeTp.*divisor of the replica's 8 GPUs.*received 3/);
    expect(refused({ tp: 4, dpAttention: 2, ep: true, moeTp: 2 })).toMatch(/moeTp.*dp-attention 2/);
  });

  it('EP 4 x TP 2 holds the same expert bytes a GPU as EP 8 and TP 8, and runs a quarter of the experts at half their width', () => {
    const weights = (shape: object) => replicaMemory(deepseek, { ...base, dpAttention: 1, kvBytesPerElement: 1, ...shape } as never, 141e9).weightsPerGpu;
    const mixed = weights({ ep: 4, expertTp: 2 });
    expect(mixed / weights({ ep: 8 })).toBeCloseTo(1, 6);
    expect(mixed / weights({ ep: 1 })).toBeCloseTo(1, 6);
    const ops = expertSideOps(deepseek, { ...base, dpAttention: 1, kvBytesPerElement: 1, ep: 4, expertTp: 2 }, 64, 'fused');
    const up = ops.find((op) => op.name === 'mlp-up');
    // 64 tokens x 8 copies over 4 expert groups: 128 copies on 64 local experts, each 2 x 2,048 / 2 wide.
    expect(up?.shape).toMatchObject({ n: 2048, k: 7168 });
    expect((up?.shape?.m ?? 0) * (up?.shape?.batch ?? 0)).toBeCloseTo(128, 6);
  });

  it('inside one attention group the experts dispatch nothing: a step under EP 4 x TP 2 has no expert communication, EP 8 has DeepEP', () => {
    const session = new CollectiveSession(h200);
    const step = (extra: object) =>
      new StepCostModel(deepseek, { ...base, dpAttention: 1, kvBytesPerElement: 1, ...extra } as never, session).step({
        decodes: 4,
        decodeKvTokens: 4 * 2048,
        prefillTokens: 0,
        prefillPairs: 0,
        sampled: 4,
      });
    const mixed = step({ ep: 4, expertTp: 2 });
    const wide = step({ ep: 8 });
    const split = step({ ep: 1 });
    // TP 8's all-reduces are the only communication of the TP-split and the mixed layouts alike.
    expect(mixed.commS).toBeCloseTo(split.commS, 12);
    expect(wide.commS).toBeGreaterThan(mixed.commS);
    expect(mixed.seconds).toBeGreaterThan(0);
    // The mixed layout's expert kernels run fewer, wider experts than TP 8's on the same bytes.
    const expertS = (shape: object) =>
      opsTime(expertSideOps(deepseek, { ...base, dpAttention: 1, kvBytesPerElement: 1, ...shape } as never, 4, 'fused'), h200.spec.gpu, 'fp8', inTraining);
    expect(expertS({ ep: 4, expertTp: 2 })).toBeLessThan(expertS({ ep: 1 }));
  });

  it('capacity reads --moe-tp as serve does (one deployment for both)', () => {
    const at = (extra: Record<string, unknown>) =>
      capacityCommand.run(h200, parseArgs(capacityCommand.args, { model: 'deepseek-v3', ...base, batch: 4, ...extra }), {}).decodeStepMs;
    const { shape } = replicaDeployment(h200, deepseek, { ...base, ep: true, moeTp: 2 });
    expect(at({ ep: true, moeTp: 2 })).toBeCloseTo(capacityAt(h200, deepseek, shape, 2048 + 128, 2048, { batchPerGroup: 4 }).decodeStepMs, 6);
    expect(at({ ep: true, moeTp: 2 })).not.toBeCloseTo(at({ ep: true }), 3);
  });
});
