/** The example SimAI/AICB workload the docs run: GPT-3 20B on 64 H100s (TP 8, DP 8, ZeRO 1, 4 micro-batches of 2K tokens), written by supernode's AICB export from its own training model. */

import { aicbWorkloadOf, buildSystem, models, resolvePlan, systemPresets, systemSchema } from '@supernode/core';

export const AICB_EXAMPLE_PLAN = { tp: 8, pp: 1, zero: 1, mbs: 1, gbs: 32, seq: 2048 } as const;

export function aicbExample(): string {
  const system = buildSystem(systemSchema.parse(systemPresets.get('hgx-h100').input), { gpus: 64 });
  const model = models.get('gpt3-20b');
  return aicbWorkloadOf(system, model, resolvePlan(model, system, AICB_EXAMPLE_PLAN));
}
