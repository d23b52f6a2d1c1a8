import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { cxlFetch, DRAM_FETCH_LATENCY_S } from './deployment.js';
import { TimingLog } from './metrics.js';
import { serve } from './serve.js';
import { generateRequests, type WorkloadSpec } from './workload.js';

const llama70 = models.get('llama3-70b');
// A multi-turn load whose later turns find their conversation in the shared pool: round robin sends them elsewhere.
const sessions: WorkloadSpec = {
  arrival: { kind: 'poisson', rateRps: 2 },
  requests: 240,
  input: { kind: 'lognormal', mean: 4000, sigma: 0.5 },
  output: { kind: 'lognormal', mean: 200, sigma: 0.5 },
  sessions: { turns: 4, thinkS: 10 },
  seed: 5,
};

describe('inter-token latency', () => {
  it('TimingLog.interTokenLatency weights each iteration by the tokens it emitted, nearest rank', () => {
    const log = new TimingLog(1);
    log.add(0, 0, 0.01, 0.05, 10, 5);
    log.addIteration(0.02, 0.01, 3);
    log.addIteration(0.05, 0.03, 1);
    const itl = log.interTokenLatency();
    expect(itl.p50).toBe(0.01);
    expect(itl.p90).toBe(0.03);
    expect(itl.mean).toBeCloseTo(0.015, 12);
  });
});

describe('KV capacity by tier and the CXL pool on ScaleUp', () => {
  it('cxlFetch: a pool behind the hosts comes back over one x8 link a server after host software; on the scale-up switches over every switch, as a load', () => {
    const host = buildPreset('al128');
    const up = buildPreset('al128', { cxl: { attach: 'scale-up' } });
    const messages = buildPreset('al128', { cxl: { attach: 'scale-up' }, scaleUp: { memorySemantics: false } });
    const pool = host.spec.cxl?.pool;
    const viaHost = cxlFetch(host, host.spec.cxl as NonNullable<typeof host.spec.cxl>, 8, 1);
    const viaUp = cxlFetch(up, up.spec.cxl as NonNullable<typeof up.spec.cxl>, 8, 1);
    const posted = cxlFetch(messages, messages.spec.cxl as NonNullable<typeof messages.spec.cxl>, 8, 1);
    expect(viaHost.bandwidth).toBe(pool?.bandwidthPerHost);
    expect(viaUp.bandwidth).toBeCloseTo((pool?.bandwidthPerHost as number) * up.scaleUp.switchesPerDomain, 0);
    expect(viaHost.latencyS).toBeCloseTo((pool?.loadLatency as number) + DRAM_FETCH_LATENCY_S, 12);
    expect(viaUp.latencyS).toBeLessThan(2e-6);
    // Without memory semantics the same path is a posted transfer: same wire, software and a round trip first.
    expect(posted.bandwidth).toBe(viaUp.bandwidth);
    expect(posted.latencyS).toBeGreaterThan(viaUp.latencyS + DRAM_FETCH_LATENCY_S);
  });

  it('serve reports each tier: hits, tokens held per GPU and the capacity they add over HBM; a pool on ScaleUp fetches faster than behind the hosts', () => {
    const requests = generateRequests(sessions);
    const options = { tp: 8, kvTiers: ['hbm', 'cxl'] as const, router: 'round-robin' };
    const host = serve(buildPreset('al128'), llama70, requests, options);
    const up = serve(buildPreset('al128', { cxl: { attach: 'scale-up' } }), llama70, requests, options);
    const hbm = host.kv.byTier.hbm;
    const cxl = host.kv.byTier.cxl;
    expect(Object.keys(host.kv.byTier)).toEqual(['hbm', 'cxl']);
    expect(hbm?.tokensPerGpu).toBeCloseTo(host.deployment.kvTokensPerReplica / 8, 6);
    expect(hbm?.capacityMultiplier).toBe(1);
    // One 2 TiB pool for the 128 GPUs, in 327,680-byte tokens.
    expect(cxl?.tokensPerGpu).toBeGreaterThan(0.99 * (2 ** 41 / 327_680 / 128));
    expect(cxl?.capacityMultiplier).toBeCloseTo(1 + (cxl?.tokensPerGpu as number) / (hbm?.tokensPerGpu as number), 12);
    expect((hbm?.hitRate as number) + (cxl?.hitRate as number)).toBeCloseTo(host.kv.hitRate, 12);
    expect(cxl?.blocksHit).toBeGreaterThan(0);
    // The same hits, fetched over the scale-up fabric: the prompts that wait on them start sooner.
    expect(up.kv.byTier.cxl?.blocksHit).toBe(cxl?.blocksHit);
    expect(up.ttftMs.mean).toBeLessThan(0.9 * host.ttftMs.mean);
    expect(host.itlMs.p50).toBeGreaterThan(0);
    expect(host.itlMs.p50).toBeLessThanOrEqual(host.itlMs.p99);
  });

  it("memory semantics off: the pool fetches on ScaleUp, EP decode and a TP group's small all-reduces (no custom kernel, message steps) all slow", () => {
    const requests = generateRequests(sessions);
    const options = { tp: 8, kvTiers: ['hbm', 'cxl'] as const, router: 'round-robin' };
    const on = buildPreset('al128', { cxl: { attach: 'scale-up' } });
    const off = buildPreset('al128', { cxl: { attach: 'scale-up' }, scaleUp: { memorySemantics: false } });
    expect(serve(off, llama70, requests, options).ttftMs.mean).toBeGreaterThan(serve(on, llama70, requests, options).ttftMs.mean);
    const decode = generateRequests({
      arrival: { kind: 'poisson', rateRps: 20 },
      requests: 200,
      input: { kind: 'fixed', tokens: 1000 },
      output: { kind: 'fixed', tokens: 300 },
      seed: 3,
    });
    const deepseek = models.get('deepseek-v3');
    const ep = { tp: 1, dpAttention: 32, ep: true, precision: 'fp8' };
    expect(serve(off, deepseek, decode, ep).tpotMs.p50).toBeGreaterThan(serve(on, deepseek, decode, ep).tpotMs.p50);
    const plain = generateRequests({ ...sessions, sessions: undefined });
    const dense = { tp: 8, kvTiers: ['hbm'] as const };
    // A TP 8 all-reduce of a decode step is small: the frameworks' custom kernel (peer loads) cannot run, and NCCL's
    // ring/tree steps inside the domain go as messages.
    expect(serve(off, llama70, plain, dense).tpotMs.p50).toBeGreaterThan(1.02 * serve(on, llama70, plain, dense).tpotMs.p50);
  });
});

describe('host memory for the DRAM tier', () => {
  it("the DRAM tier holds a GPU's share of its host's memory: a quarter as much a GPU with 32 GPUs per OS as with 8", () => {
    const requests = generateRequests({ ...sessions, requests: 40 });
    const dram = (gpusPerOs: number) =>
      serve(buildPreset('al128', { server: { gpusPerOs } }), llama70, requests, { tp: 8, kvTiers: ['hbm', 'dram'] as const }).kv.byTier.dram
        ?.tokensPerGpu as number;
    expect(dram(32) / (dram(8) / 4)).toBeCloseTo(1, 2);
    expect(dram(8)).toBeGreaterThan(0.99 * (256e9 / 327_680));
  });
});
