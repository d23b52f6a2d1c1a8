import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { formatOf } from '../compute/formats.js';
import { parameterCounts } from '../models/count.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { replicaMemory } from './deployment.js';
import { layerParts } from './layer-ops.js';
import { replicaDeployment } from './replica-deployment.js';
import { type ReplicaShape, StepCostModel } from './step-cost.js';

const b200 = buildPreset('hgx-b200');
const deepseek = models.get('deepseek-v3');
const nvfp4: ReplicaShape = { tp: 8, dpAttention: 1, ep: 1, precision: 'nvfp4', kvBytesPerElement: 1 };

describe('attention projections in their own number format (--attention-precision)', () => {
  it('an NVFP4 checkpoint with BF16 attention holds its attention weights at 2 B and everything else at 0.5625 B', () => {
    const counts = parameterCounts(deepseek);
    const attention = deepseek.layers * counts.perLayer.attention;
    const wider = replicaMemory(deepseek, { ...nvfp4, attentionPrecision: 'bf16' }, 180e9).weightsPerGpu;
    const same = replicaMemory(deepseek, nvfp4, 180e9).weightsPerGpu;
    expect(wider - same).toBeCloseTo(((formatOf('bf16').bytesPerElement - formatOf('nvfp4').bytesPerElement) * attention) / 8, 0);
  });

  it("the projections' GEMMs read their own bytes; the MLP's keep the replica's format", () => {
    const parts = layerParts(deepseek, { ...nvfp4, attentionPrecision: 'bf16' }, 4, true);
    const plain = layerParts(deepseek, nvfp4, 4, true);
    const bytes = (ops: { bytes: number }[]) => ops.reduce((sum, op) => sum + op.bytes, 0);
    expect(bytes(parts.prep)).toBeGreaterThan(bytes(plain.prep));
    expect(bytes(parts.out)).toBeGreaterThan(bytes(plain.out));
    expect(parts.mlp).toEqual(plain.mlp);
  });

  it('a step prices the projections in their format: the same format as the replica changes nothing, BF16 changes the step', () => {
    const session = new CollectiveSession(b200);
    const load = { decodes: 4, decodeKvTokens: 4 * 2048, prefillTokens: 0, prefillPairs: 0, sampled: 4 };
    const step = (shape: ReplicaShape) => new StepCostModel(deepseek, shape, session).step(load).seconds;
    expect(step({ ...nvfp4, attentionPrecision: 'nvfp4' })).toBe(step(nvfp4));
    expect(step({ ...nvfp4, attentionPrecision: 'bf16' })).not.toBeCloseTo(step(nvfp4), 6);
  });

  it('serve and capacity take it from their arguments', () => {
    const { shape } = replicaDeployment(b200, deepseek, { tp: 8, precision: 'nvfp4', attentionPrecision: 'bf16' });
    expect(shape.attentionPrecision).toBe('bf16');
    expect(replicaDeployment(b200, deepseek, { tp: 8, precision: 'nvfp4' }).shape.attentionPrecision).toBeUndefined();
  });

  it('a format the GPU has no tensor rate for is refused under the argument that asked for it', () => {
    const h100 = buildPreset('hgx-h100');
    expect(() => replicaDeployment(h100, deepseek, { tp: 8, precision: 'fp8', attentionPrecision: 'nvfp4' })).toThrow(
      expect.objectContaining({ field: 'attentionPrecision', message: expect.stringMatching(/no fp4 tensor throughput/) }),
    );
    expect(() => replicaDeployment(h100, deepseek, { tp: 8, precision: 'nvfp4' })).toThrow(expect.objectContaining({ field: 'precision' }));
  });
});
