/** The example request trace, examples/mooncake-trace.jsonl: multi-turn conversations drawn by core's workload generator from a fixed seed, written in the Mooncake traces' JSON-lines format. */

import { generateRequests, type WorkloadSpec } from '@supernode/core';

/**
 * 100 three-turn conversations, a new one every 4 s on average (Poisson), each turn 30 s after the one before and
 * carrying the whole conversation so far; the first half of each opening prompt (in whole 512-token blocks) is a
 * prefix every conversation shares. Answers average 343 tokens, as in Mooncake's conversation trace (FAST'25 release:
 * 12,031 requests, mean input 12,035 tokens, mean output 343); prompts are shorter than that trace's, so one 8-GPU
 * replica of Llama-3-70B keeps up.
 */
export const EXAMPLE_TRACE_WORKLOAD: WorkloadSpec = {
  arrival: { kind: 'poisson', rateRps: 0.25 },
  requests: 300,
  input: { kind: 'lognormal', mean: 2000, sigma: 0.8 },
  output: { kind: 'lognormal', mean: 343, sigma: 0.8 },
  prefixShare: 0.5,
  sessions: { turns: 3, thinkS: 30 },
  seed: 1,
};

/**
 * The requests as Mooncake's traces write them (kvcache-ai/Mooncake, FAST25-release/traces): one JSON object per line,
 * `timestamp` in milliseconds from the first request, `input_length`, `output_length`, and `hash_ids`, one per
 * 512-token prefix block, renumbered from 0 in order of first use as Mooncake's remapped ids are.
 */
export function mooncakeTrace(spec: WorkloadSpec = EXAMPLE_TRACE_WORKLOAD): string {
  const requests = generateRequests(spec);
  const start = requests[0]?.arrivalS ?? 0;
  const ids = new Map<number, number>();
  const id = (hash: number) => {
    if (!ids.has(hash)) ids.set(hash, ids.size);
    return ids.get(hash) as number;
  };
  const lines = requests.map((r) =>
    JSON.stringify({
      timestamp: Math.round((r.arrivalS - start) * 1000),
      input_length: r.inputTokens,
      output_length: r.outputTokens,
      hash_ids: r.blockHashes.map(id),
    }),
  );
  return `${lines.join('\n')}\n`;
}
