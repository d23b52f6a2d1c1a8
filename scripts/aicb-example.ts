/** The example workloads the docs run, written by supernode's exports from its own training model: a SimAI/AICB file (GPT-3 20B on 64 H100s) and Chakra traces (Llama-3-8B on 16 H100s). */

import {
  aicbWorkloadOf,
  buildSystem,
  CHAKRA_VERSION,
  chakraTracesOf,
  encodeChakraEt,
  models,
  resolvePlan,
  systemPresets,
  systemSchema,
  train,
} from '@supernode/core';

export const AICB_EXAMPLE_PLAN = { tp: 8, pp: 1, zero: 1, mbs: 1, gbs: 32, seq: 2048 } as const;

export function aicbExample(): string {
  const system = buildSystem(systemSchema.parse(systemPresets.get('hgx-h100').input), { gpus: 64 });
  const model = models.get('gpt3-20b');
  return aicbWorkloadOf(system, model, resolvePlan(model, system, AICB_EXAMPLE_PLAN));
}

/** Llama-3-8B on 16 H100s, TP 8, DP 2, ZeRO 1, 4 micro-batches of 4K tokens: the step `train --chakra` writes. */
export const CHAKRA_EXAMPLE_PLAN = { tp: 8, pp: 1, zero: 1, mbs: 1, gbs: 8, seq: 4096 } as const;
export const CHAKRA_EXAMPLE_DIR = 'examples/workloads/llama3-8b-16xh100.chakra';

export function chakraExample(): { file: string; bytes: string | Uint8Array }[] {
  const system = buildSystem(systemSchema.parse(systemPresets.get('hgx-h100').input), { gpus: 16 });
  const model = models.get('llama3-8b');
  const { traces, groups } = chakraTracesOf(model, train(system, model, CHAKRA_EXAMPLE_PLAN));
  return [
    ...traces.map((nodes, rank) => ({ file: `${CHAKRA_EXAMPLE_DIR}/rank${rank}.et`, bytes: encodeChakraEt(CHAKRA_VERSION, nodes) })),
    { file: `${CHAKRA_EXAMPLE_DIR}/comm_group.json`, bytes: `${JSON.stringify(groups)}\n` },
  ];
}
