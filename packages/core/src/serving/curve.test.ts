import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { type CurvePoint, curveConfigText, envelopeOf, interactivityCurve, ratioAt, throughputAt } from './curve.js';
import { replicaDeployment } from './replica-deployment.js';

const point = (user: number, gpu: number): CurvePoint => ({
  tokensPerSecPerUser: user,
  outputTokensPerSecPerGpu: gpu,
  tpotMs: 1000 / user,
  config: { tp: 1, dpAttention: 1, ep: false, precision: 'fp8', mtp: false, pd: false, prefillGpusPerDecodeGpu: 0, gpusPerReplica: 1, batchPerGroup: 1 },
});

describe('envelopeOf', () => {
  it('envelopeOf keeps the points no other beats on both axes, fastest per user first', () => {
    const pts = [point(10, 100), point(20, 80), point(15, 70), point(5, 90), point(30, 20)];
    // (15, 70) loses to (20, 80); (5, 90) to (10, 100).
    expect(envelopeOf(pts).map((p) => [p.tokensPerSecPerUser, p.outputTokensPerSecPerGpu])).toEqual([
      [30, 20],
      [20, 80],
      [10, 100],
    ]);
  });
});

describe('throughputAt and ratioAt', () => {
  it('throughputAt interpolates on log scales between envelope points, holds the slowest below it and is 0 past the fastest', () => {
    const env = envelopeOf([point(10, 1000), point(40, 250)]);
    // Halfway on log(user) from 10 to 40 is 20: halfway on log(gpu) from 1000 to 250 is 500.
    expect(throughputAt(env, 20)).toBeCloseTo(500, 9);
    expect(throughputAt(env, 5)).toBe(1000);
    expect(throughputAt(env, 41)).toBe(0);
    expect(ratioAt(env, envelopeOf([point(10, 500), point(20, 100)]), [10, 20, 30])).toEqual([
      { tokensPerSecPerUser: 10, ratio: 2 },
      { tokensPerSecPerUser: 20, ratio: 5 },
      { tokensPerSecPerUser: 30, ratio: null },
    ]);
  });
});

describe('interactivityCurve', () => {
  const curve = interactivityCurve(buildPreset('al128'), models.get('deepseek-v3'), {
    inputTokens: 2048,
    outputTokens: 256,
    precisions: ['fp8', 'nvfp4'],
    mtp: true,
  });

  it('interactivityCurve tries every layout, format, MTP, mixed and disaggregated and batch, and its envelope trades throughput for speed', () => {
    expect(curve.points.length).toBeGreaterThan(50);
    const env = curve.envelope;
    for (let i = 1; i < env.length; i++) {
      expect((env[i] as CurvePoint).tokensPerSecPerUser).toBeLessThan((env[i - 1] as CurvePoint).tokensPerSecPerUser);
      expect((env[i] as CurvePoint).outputTokensPerSecPerGpu).toBeGreaterThan((env[i - 1] as CurvePoint).outputTokensPerSecPerGpu);
    }
    // Every point lies on or below the envelope at its interactivity.
    for (const p of curve.points) expect(p.outputTokensPerSecPerGpu).toBeLessThanOrEqual(throughputAt(env, p.tokensPerSecPerUser) * (1 + 1e-9) + 1e-9);
  });

  it('MTP lifts the fast end of the envelope and NVFP4 its throughput end, as the measured kernels run them', () => {
    const env = curve.envelope;
    const fastest = env[0] as CurvePoint;
    const most = env[env.length - 1] as CurvePoint;
    expect(fastest.config.mtp).toBe(true);
    // NVFP4's GEMMs stream their small-batch weights slower than FP8's (FP4_GEMM_SHARE, from the measured tables): 0.56 B
    // an element at under half the rate reads about as fast as FP8's 1 B, and each of its GEMMs pays a longer fixed cost
    // (GEMM_FLOOR_S 7.4 against 5.8 us on Blackwell), so at batch 1 NVFP4's fastest point trails FP8's by some 10% (a
    // few percent while experts split by TP paid their width loss on top of their padding: GROUPED_GEMM_EFFICIENCY); at
    // large batches NVFP4's 4-bit rate and smaller weights serve the most per GPU.
    const fastestOf = (precision: string) => Math.max(...curve.points.filter((p) => p.config.precision === precision).map((p) => p.tokensPerSecPerUser));
    expect(fastestOf('nvfp4') / fastestOf('fp8')).toBeGreaterThan(0.85);
    expect(fastestOf('nvfp4') / fastestOf('fp8')).toBeLessThan(1);
    expect(fastest.tokensPerSecPerUser).toBe(Math.max(fastestOf('fp8'), fastestOf('nvfp4')));
    expect(most.config.precision).toBe('nvfp4');
  });

  it('a GPU without the formats asked for is refused naming them', () => {
    expect(() =>
      interactivityCurve(buildPreset('hgx-h100'), models.get('llama3-8b'), { inputTokens: 1024, outputTokens: 128, precisions: ['nvfp4'], mtp: false }),
    ).toThrow(/^precisions: NVIDIA H100 SXM runs none of nvfp4; it has tensor rates for bf16, fp8, int8$/);
  });

  it('a model no replica holds gives no points and says why: the lightest replica tried and what its weights leave', () => {
    const none = interactivityCurve(buildPreset('hgx-h100'), models.get('deepseek-v3'), {
      inputTokens: 2048,
      outputTokens: 256,
      precisions: ['fp8'],
      mtp: false,
    });
    expect(none.points).toEqual([]);
    expect(none.noFit).toMatch(
      /^no replica of up to 8 GPUs holds deepseek-v3 with KV cache for one request of 2176 tokens: at its lightest, 8 GPUs .* in fp8, the weights take 7\d\.\d GiB a GPU of 79\.6 GiB and leave the engine room for 0 tokens/,
    );
    expect(curve.noFit).toBeUndefined();
  });
});

describe('the curve and expert balance', () => {
  it('serves fewer tokens per GPU with experts in order than placed by a balancer, and more with them perfectly even', () => {
    const system = buildPreset('hgx-h200', {}, 8);
    const best = (epBalance: 'perfect' | 'eplb' | 'none') =>
      Math.max(
        ...interactivityCurve(system, models.get('deepseek-v3'), {
          ...{ inputTokens: 1024, outputTokens: 512, precisions: ['fp8'], mtp: false },
          engine: () => ({ epBalance }),
        }).points.map((p) => p.outputTokensPerSecPerGpu),
      );
    const [perfect, eplb, none] = [best('perfect'), best('eplb'), best('none')];
    expect(perfect).toBeGreaterThan(eplb);
    expect(eplb).toBeGreaterThan(none);
  });
});

describe('the curve and expert tensor parallelism', () => {
  it('tries experts EP x TP on one attention group, priced as serve --ep --moe-tp runs them, and prints them as such', () => {
    const system = buildPreset('hgx-h200', {}, 8);
    const curve = interactivityCurve(system, models.get('deepseek-v3'), { inputTokens: 1024, outputTokens: 256, precisions: ['fp8'], mtp: false });
    const mixed = curve.points.filter((p) => p.config.moeTp !== undefined);
    // TP 8 attention with experts EP 4 x TP 2 and EP 2 x TP 4 (TP 4's EP 2 x TP 2 would hold 671 GB of FP8 on four H200s: no point).
    expect([...new Set(mixed.map((p) => `${p.config.tp}/${p.config.moeTp}`))].sort()).toEqual(['8/2', '8/4']);
    for (const p of mixed) expect(p.config).toMatchObject({ dpAttention: 1, ep: true });
    const one = mixed.find((p) => p.config.tp === 8 && p.config.moeTp === 2 && !p.config.pd) as CurvePoint;
    expect(curveConfigText(one.config, String)).toMatch(/^TP 8 EP x TP 2 experts, fp8, mixed, batch \d+$/);
    // The same layout through serve's arguments: the step the curve priced is serve's.
    const { shape } = replicaDeployment(system, models.get('deepseek-v3'), { tp: 8, ep: true, moeTp: 2, precision: 'fp8', kvPrecision: 'fp8' });
    expect(shape).toMatchObject({ ep: 4, expertTp: 2 });
    expect(shape.overlap).toBeUndefined();
  });
});
