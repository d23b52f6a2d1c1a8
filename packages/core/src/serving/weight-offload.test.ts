import { describe, expect, it } from 'vitest';
import { CollectiveSession } from '../comm/run.js';
import { models } from '../models/registry.js';
import { buildPreset, refusalOf } from '../test-support.js';
import { fewestOffloadLayers, offloadFetch, replicaMemory } from './deployment.js';
import { replicaDeployment } from './replica-deployment.js';
import type { ReplicaShape, StepLoad } from './replica-shape.js';
import { StepCostModel } from './step-cost.js';
import { OFFLOAD_BUFFER_LAYERS, offloadLayerBytesPerGpu, offloadWaitS } from './weight-offload.js';

const gb200 = buildPreset('gb200-nvl72');
const deepseek = models.get('deepseek-v3');
const hbm = gb200.spec.gpu.hbmUsable;
/** Part II's low-precision prefill instance: 2 GB200s, experts over both, NVFP4 with FP8 attention and KV. */
const two: ReplicaShape = { tp: 1, dpAttention: 2, ep: 2, precision: 'nvfp4', attentionPrecision: 'fp8', kvBytesPerElement: 1 };
const prefill = (tokens: number): StepLoad => ({
  decodes: 0,
  decodeKvTokens: 0,
  prefillTokens: tokens,
  prefillPairs: (tokens * 2001) / 2,
  sampled: tokens / 2000,
});
const decode = (batch: number): StepLoad => ({ decodes: batch, decodeKvTokens: batch * 2000, prefillTokens: 0, prefillPairs: 0, sampled: batch });

describe('weight offload (serve --weight-offload)', () => {
  it('an offloaded layer leaves HBM but for the prefetch buffers: L layers save (L - 2) layers of routed experts a GPU', () => {
    const layer = offloadLayerBytesPerGpu(deepseek, two);
    // 128 of DeepSeek-V3's 256 experts a GPU, 3 x 7,168 x 2,048 parameters each, 0.5625 B a parameter in NVFP4.
    expect(layer).toBeCloseTo(128 * 3 * 7168 * 2048 * 0.5625, -3);
    const weights = (layers: number) => replicaMemory(deepseek, { ...two, weightOffload: { tier: 'dram', layers } }, hbm).weightsPerGpu;
    const all = replicaMemory(deepseek, two, hbm).weightsPerGpu;
    expect(all - weights(10)).toBeCloseTo((10 - OFFLOAD_BUFFER_LAYERS) * layer, -3);
    expect(weights(1)).toBeCloseTo(all, -3);
  });

  it('the fewest layers that leave KV for the tokens: one fewer does not, and a model that fits offloads none', () => {
    const shape = fewestOffloadLayers(deepseek, two, 'dram', hbm, 32768);
    const layers = shape.weightOffload?.layers ?? 0;
    expect(layers).toBeGreaterThan(OFFLOAD_BUFFER_LAYERS);
    expect(replicaMemory(deepseek, shape, hbm).kvTokens).toBeGreaterThanOrEqual(32768);
    expect(replicaMemory(deepseek, { ...two, weightOffload: { tier: 'dram', layers: layers - 1 } }, hbm).kvTokens).toBeLessThan(32768);
    const eight = { ...two, dpAttention: 8, ep: 8 };
    expect(fewestOffloadLayers(deepseek, eight, 'dram', hbm, 32768).weightOffload).toBeUndefined();
    // 8 GB of HBM cannot hold even the attention and shared experts.
    expect(() => fewestOffloadLayers(deepseek, two, 'dram', 8e9, 1)).toThrow(/even all 58 offloadable layers of deepseek-v3/);
  });

  it('a fetch hides behind the layers before it, and only what it outlasts is waited for', () => {
    const fetch = { bytesPerS: 225e9, latencyS: 10e-6 };
    // 6 of 61 layers, 3.17 GB each (14.1 ms): a 244 ms pass hides them (4 ms a layer, 10 layers apart); a 12.2 ms pass waits.
    expect(offloadWaitS(0.244, 61, 6, 3.17e9, fetch)).toBe(0);
    const fetchS = 10e-6 + 3.17e9 / 225e9;
    expect(offloadWaitS(0.0122, 61, 6, 3.17e9, fetch)).toBeCloseTo(6 * (fetchS - (61 / 6) * (0.0122 / 61)), 12);
    expect(offloadWaitS(0.0122, 61, 0, 3.17e9, fetch)).toBe(0);
    // NVLink-C2C: a GB200's host link is its share of the Grace's 900 GB/s both ways.
    expect(offloadFetch(gb200, 'dram', 2).bytesPerS).toBe(gb200.spec.server.hostLinkBandwidth);
  });

  it('a long prefill on offloaded weights prices as if they were in HBM; decode waits for every offloaded layer', () => {
    const session = new CollectiveSession(gb200);
    const offloaded = { ...two, weightOffload: { tier: 'dram', layers: 12 } } as const;
    const step = (shape: ReplicaShape, load: StepLoad) => new StepCostModel(deepseek, shape, session).step(load).seconds;
    expect(step(offloaded, prefill(32768))).toBe(step(two, prefill(32768)));
    const inHbm = step(two, decode(64));
    const waited = step(offloaded, decode(64)) - inHbm;
    const fetch = offloadFetch(gb200, 'dram', 2);
    const bytes = offloadLayerBytesPerGpu(deepseek, two);
    expect(waited).toBeCloseTo(offloadWaitS(inHbm, 61, 12, bytes, fetch), 9);
    // Most of each 14 ms fetch outlasts the few layers of decode before it.
    expect(waited).toBeGreaterThan(0.5 * 12 * (fetch.latencyS + bytes / fetch.bytesPerS));
  });

  it('replicaDeployment: the layers given, or the fewest for the longest request; refusals name the field', () => {
    const options = { dpAttention: 2, ep: true, precision: 'nvfp4', attentionPrecision: 'fp8', kvPrecision: 'fp8' } as const;
    expect(replicaDeployment(gb200, deepseek, { ...options, weightOffload: 'dram', offloadLayers: 20 }).shape.weightOffload).toEqual({
      tier: 'dram',
      layers: 20,
    });
    const auto = replicaDeployment(gb200, deepseek, { ...options, weightOffload: 'dram' }, 4096).shape;
    expect(replicaMemory(deepseek, auto, hbm).kvTokens).toBeGreaterThanOrEqual(4096);
    const refused = (extra: object) => refusalOf(() => replicaDeployment(gb200, deepseek, { ...options, ...extra }));
    expect(refused({ offloadLayers: 4 })).toMatch(/^offloadLayers: .*--weight-offload/);
    expect(refused({ weightOffload: 'dram', offloadLayers: 59 })).toMatch(/^offloadLayers: expected 1 to 58 .*received 59/);
    expect(refused({ weightOffload: 'cxl' })).toMatch(/^weightOffload: 'cxl' needs a CXL pool/);
  });
});
