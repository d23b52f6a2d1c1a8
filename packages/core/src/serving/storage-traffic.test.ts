import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { serve } from './serve.js';
import { generateRequests } from './workload.js';

// Multi-turn sessions with long prompts, routed round robin: later turns fetch their conversation from the remote store.
const sessionsOf = (promptTokens: number) =>
  generateRequests({
    arrival: { kind: 'poisson', rateRps: 8 },
    requests: 400,
    input: { kind: 'lognormal', mean: promptTokens, sigma: 0.5 },
    output: { kind: 'lognormal', mean: 200, sigma: 0.5 },
    sessions: { turns: 4, thinkS: 5 },
    seed: 5,
  });
const sessions = sessionsOf(6000);
const qwen = models.get('qwen3-30b-a3b');
// Experts over two 8-GPU servers: every decode step's dispatch and combine cross the scale-out NICs. One engine's
// budget over the whole replica (prompt chunks of 512 tokens a group), so prompts interleave finely with the decodes
// and a step's time is mostly its collectives'.
const ep = (kvTiers: readonly ('hbm' | 'remote')[]) => ({
  ...{ tp: 1, dpAttention: 16, ep: true, kvTiers, router: 'round-robin' },
  ...{ tokenBudget: 8192, maxSeqs: 1024 },
});

describe('storage traffic on a converged DCN', () => {
  it("the remote store's fetches and write-throughs slow the collectives that share a converged DCN's NICs, and only there", () => {
    const converged = buildPreset('hgx-h100', { dcn: { converged: true } }, 16);
    const separate = buildPreset('hgx-h100', { dcn: {} }, 16);
    const quiet = serve(converged, qwen, sessions, ep(['hbm']));
    const busy = serve(converged, qwen, sessions, ep(['hbm', 'remote']));
    expect(busy.kv.remoteTraffic?.gbytesPerSecPerGpu).toBeGreaterThan(0.1);
    expect(busy.kv.remoteTraffic?.scaleOutShare).toBeGreaterThan(0);
    // The same load with no KV traffic on the NICs decodes faster.
    expect(busy.tpotMs.p50).toBeGreaterThan(quiet.tpotMs.p50);
    // A separate DCN carries the same traffic on its own NICs: the collectives do not see it.
    const apart = serve(separate, qwen, sessions, ep(['hbm', 'remote']));
    expect(apart.kv.remoteTraffic?.scaleOutShare).toBe(0);
    expect(apart.tpotMs.p50).toBe(serve(separate, qwen, sessions, ep(['hbm'])).tpotMs.p50);
  });

  it('at flow fidelity the same traffic runs as background flows on the NICs beside the collectives: they slow there too', () => {
    // Longer sessions: the store's traffic takes 2% of each NIC, and each decode step's dispatch and combine cross them.
    const long = sessionsOf(12_000);
    const converged = buildPreset('hgx-h100', { dcn: { converged: true } }, 16);
    const flow = (kvTiers: readonly ('hbm' | 'remote')[]) => ({ ...ep(kvTiers), fidelity: 'flow' as const });
    const quiet = serve(converged, qwen, long, flow(['hbm']));
    const busy = serve(converged, qwen, long, flow(['hbm', 'remote']));
    expect(busy.kv.remoteTraffic?.scaleOutShare).toBeGreaterThan(0.01);
    expect(busy.tpotMs.p50).toBeGreaterThan(quiet.tpotMs.p50);
  });
});
