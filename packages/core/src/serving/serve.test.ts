import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { serve } from './serve.js';
import { decodeRate, kvBatchPerGroup } from './steady.js';
import { generateRequests, type WorkloadSpec } from './workload.js';

const h100 = buildPreset('hgx-h100');
const llama70 = models.get('llama3-70b');
const load: WorkloadSpec = {
  arrival: { kind: 'poisson', rateRps: 4 },
  requests: 400,
  input: { kind: 'lognormal', mean: 1500, sigma: 0.8 },
  output: { kind: 'lognormal', mean: 200, sigma: 0.8 },
  seed: 11,
};

describe('serve', () => {
  it("serve: Little's law holds, percentiles are ordered, and the same seed gives the same report", () => {
    // L (time-averaged requests in the system) = lambda W (arrival rate x mean time in system), over the same window.
    const r = serve(h100, llama70, generateRequests(load), { tp: 4 });
    expect(r.requests).toBe(400);
    expect(r.littlesLaw.meanInSystem / r.littlesLaw.arrivalRateTimesMeanE2e).toBeCloseTo(1, 9);
    for (const p of [r.ttftMs, r.tpotMs, r.e2eMs]) expect(p.p50 <= p.p90 && p.p90 <= p.p99).toBe(true);
    expect(serve(h100, llama70, generateRequests(load), { tp: 4 })).toEqual(r);
  });

  it('serve: a replica with a slow GPU computes its steps slower, so its requests see a longer time per output token', () => {
    // Two TP-4 replicas; GPU 5 (replica 1) at half speed stretches that replica's compute twice over.
    const slow = buildPreset('hgx-h100', { stragglers: { gpus: [{ gpu: 5, speed: 0.5 }] } });
    const r = serve(slow, llama70, generateRequests(load), { tp: 4 });
    const nominal = serve(h100, llama70, generateRequests(load), { tp: 4 });
    expect(r.slowReplicas).toEqual([{ replica: 1, speed: 0.5 }]);
    expect(nominal.slowReplicas).toBeUndefined();
    expect(r.tpotMs.p90).toBeGreaterThan(1.3 * nominal.tpotMs.p90);
    expect(r.tpotMs.p50).toBeLessThan(r.tpotMs.p99);
  });

  it('serve takes requests out of arrival order as if sorted by arrival, ties in the order given', () => {
    // The event loop reads arrivals one at a time; an array out of order is sorted first, as queueing them all did.
    const requests = generateRequests(load);
    const shuffled = requests.map((_, i) => requests[(i * 7) % requests.length] as (typeof requests)[number]);
    expect(new Set(shuffled).size).toBe(requests.length);
    expect(serve(h100, llama70, shuffled, { tp: 4 })).toEqual(serve(h100, llama70, requests, { tp: 4 }));
  });

  it('serve reports progress every 1% of requests finished without changing the report', () => {
    const heard: [number, number][] = [];
    const r = serve(h100, llama70, generateRequests(load), { tp: 4, onProgress: (done, total) => heard.push([done, total]) });
    expect(heard).toHaveLength(100);
    expect(heard[0]).toEqual([4, 400]);
    expect(heard[99]).toEqual([400, 400]);
    expect(r).toEqual(serve(h100, llama70, generateRequests(load), { tp: 4 }));
  });

  it('serve: a rate past what the GPUs sustain grows the time to first token, not the time per output token alone', () => {
    const light = serve(h100, llama70, generateRequests({ ...load, arrival: { kind: 'poisson', rateRps: 1 } }), { tp: 8 });
    const heavy = serve(h100, llama70, generateRequests({ ...load, arrival: { kind: 'poisson', rateRps: 40 } }), { tp: 8 });
    expect(heavy.ttftMs.p90).toBeGreaterThan(5 * light.ttftMs.p90);
    expect(heavy.throughput.outputTokensPerSecPerGpu).toBeGreaterThan(light.throughput.outputTokensPerSecPerGpu);
  });

  it('serve under prefill/decode disaggregation moves every prompt to a decode replica over the fabric', () => {
    const r = serve(h100, llama70, generateRequests(load), { tp: 4, pd: { prefill: 1, decode: 1 } });
    expect(r.deployment.replicas).toEqual({ mixed: 0, prefill: 1, decode: 1 });
    expect(r.requests).toBe(400);
    expect(r.kvTransferSeconds).toBeGreaterThan(0);
  });

  it('serve with a shared prefix hits the HBM prefix cache and lowers the time to first token', () => {
    const shared = generateRequests({ ...load, input: { kind: 'fixed', tokens: 4096 }, prefixShare: 0.75 });
    const own = generateRequests({ ...load, input: { kind: 'fixed', tokens: 4096 } });
    const hit = serve(h100, llama70, shared, { tp: 8 });
    expect(hit.kv.hitRate).toBeGreaterThan(0.6);
    expect(hit.ttftMs.p50).toBeLessThan(serve(h100, llama70, own, { tp: 8 }).ttftMs.p50);
  });

  it('serve at flow fidelity prices the expert all-to-all across servers on the flow engine, near the closed form', () => {
    // Qwen3-30B-A3B on two 8-GPU servers, experts over all 16: the dispatch crosses the scale-out every step.
    const h100x16 = buildPreset('hgx-h100', {}, 16);
    const moe = models.get('qwen3-30b-a3b');
    const requests = generateRequests({ ...load, requests: 60, arrival: { kind: 'poisson', rateRps: 20 } });
    const shape = { tp: 1, dpAttention: 16, ep: true, replicas: 1 } as const;
    const closed = serve(h100x16, moe, requests, shape);
    const flow = serve(h100x16, moe, requests, { ...shape, fidelity: 'flow' });
    expect([closed.fidelity, flow.fidelity]).toEqual(['analytical', 'flow']);
    expect(flow.requests).toBe(60);
    expect(flow.tpotMs.p50 / closed.tpotMs.p50).toBeGreaterThan(0.8);
    expect(flow.tpotMs.p50 / closed.tpotMs.p50).toBeLessThan(1.25);
  });

  it('serve says a model that does not fit its replica does not, with the numbers', () => {
    // Llama-3.1-405B in BF16 on one H100: 810 GB of weights.
    expect(() => serve(h100, models.get('llama3.1-405b'), generateRequests(load), { tp: 1 })).toThrow(
      /llama3\.1-405b does not fit a replica of 1 GPUs: weights .* GiB per GPU of .* GiB/,
    );
  });
});

describe('decodeRate', () => {
  it('decodeRate of one request is memory-bound: about the weights over the HBM bandwidth', () => {
    // Llama-3-70B in BF16 on TP 8: 70.6e9 x 2 B / 8 = 17.6 GB per H100 at ~2.9 TB/s = 6.1 ms, plus two all-reduces per layer.
    const r = decodeRate(h100, llama70, { tp: 8, dpAttention: 1, ep: 1, precision: 'bf16', kvBytesPerElement: 2 }, 1, 1024);
    expect(r.stepS).toBeGreaterThan(6e-3);
    expect(r.stepS).toBeLessThan(20e-3);
  });

  it('kvBatchPerGroup is the largest decode batch the KV cache holds: decodeRate takes it and refuses one more request per group', () => {
    // DeepSeek-V3 in FP8 on 48 GB200s (data-parallel attention, EP 48) at 2,000 tokens, 92% of HBM (vLLM's share): the
    // KV cache alone holds 1,069 a GPU; beside DeepEP's buffers for the batch itself (15.8 GB at 957 tokens), 957.
    const gb200 = buildPreset('gb200-nvl72');
    const shape = { tp: 1, dpAttention: 48, ep: 48, precision: 'fp8', kvBytesPerElement: 2 } as const;
    const deepseek = models.get('deepseek-v3');
    const batch = kvBatchPerGroup(gb200, deepseek, shape, 2000);
    expect(batch).toBe(957);
    expect(kvBatchPerGroup(gb200, deepseek, { ...shape, dispatchTokensPerRank: 0 }, 2000)).toBe(1069);
    expect(decodeRate(gb200, deepseek, shape, batch, 2000).batch).toBe(48 * batch);
    expect(() => decodeRate(gb200, deepseek, shape, batch + 1, 2000)).toThrow(/^batch: .* KV tokens; the replica holds/);
  });

  it('serve preempts when the KV cache runs out, by recompute or by swap, and still finishes every request', () => {
    // 50 clients of 5,000 + 500 tokens need 275K tokens of KV; TP 2 in FP8 with a BF16 cache holds ~254K.
    const requests = Array.from({ length: 150 }, (_, id) => ({ id, arrivalS: 0, inputTokens: 5000, outputTokens: 500, blockHashes: [] }));
    for (const preemption of ['recompute', 'swap'] as const) {
      const r = serve(h100, llama70, requests, { tp: 2, replicas: 1, precision: 'fp8', concurrency: 50, preemption });
      expect(r.requests, preemption).toBe(150);
      expect(r.preemptions, preemption).toBeGreaterThan(0);
    }
  });
});

describe('serve maxSeqs', () => {
  it('serve holds maxSeqs on a mixed replica: at most that many requests decode at once (Little: tokens/s x TPOT <= maxSeqs)', () => {
    // 300 requests at once on one GB200: 128-token prompts, 512 tokens out. Without a cap all 300 decode together.
    const gb200 = buildPreset('gb200-nvl72');
    const requests = generateRequests({
      arrival: { kind: 'poisson', rateRps: 1e6 },
      requests: 300,
      input: { kind: 'fixed', tokens: 128 },
      output: { kind: 'fixed', tokens: 512 },
      seed: 1,
    });
    const run = (maxSeqs: number) => serve(gb200, models.get('llama3-8b'), requests, { tp: 1, replicas: 1, precision: 'fp8', maxSeqs });
    const decodingAtOnce = (r: ReturnType<typeof run>) => r.throughput.outputTokensPerSecPerGpu * (r.tpotMs.p50 / 1000);
    const capped = run(16);
    const open = run(100_000);
    expect(decodingAtOnce(capped)).toBeLessThanOrEqual(16 * 1.02);
    expect(decodingAtOnce(open)).toBeGreaterThan(200);
    // Fewer at once: each step is shorter and the queue waits longer.
    expect(capped.tpotMs.p50).toBeLessThan(open.tpotMs.p50);
    expect(capped.ttftMs.p50).toBeGreaterThan(open.ttftMs.p50);
  });
});
