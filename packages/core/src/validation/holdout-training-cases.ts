/**
 * How the held-back training cases map to runs: Megatron-Bridge's performance tables (one software stack, current MoE
 * and dense recipes) and the Llama 3 paper's production plans. Nothing is fitted on them; choices their sources leave
 * open follow the rules named here.
 */

import type { PlanInput } from '../training/plan-args.js';
import type { TrainingExpression } from './training-expression.js';
import type { PublishedCase } from './types.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The tables' systems: HGX nodes as their presets; DGX GB200 and GB300 as NVL72 racks with the job on its first GPUs
 * (64 of one rack; 256 over four).
 */
const BRIDGE_SYSTEMS: Readonly<Record<string, { readonly preset: string; readonly overrides?: Record<string, unknown>; readonly job?: boolean }>> = {
  'DGX-H100': { preset: 'hgx-h100' },
  'DGX-B200': { preset: 'hgx-b200' },
  'DGX-GB200': { preset: 'gb200-nvl72', job: true },
  'DGX-GB300': { preset: 'gb300-nvl72', job: true },
};
/** The tables' model names: our preset, and whether it routes experts. */
const BRIDGE_MODELS: Readonly<Record<string, { readonly preset: string; readonly moe: boolean }>> = {
  'Qwen3-30B-A3B': { preset: 'qwen3-30b-a3b', moe: true },
  'Qwen3-235B-A22B': { preset: 'qwen3-235b-a22b', moe: true },
  'GPT-OSS-120B': { preset: 'gpt-oss-120b', moe: true },
  'DeepSeek-V3': { preset: 'deepseek-v3', moe: true },
  'Llama 3.1 405B': { preset: 'llama3.1-405b', moe: false },
  'Llama 3 70B': { preset: 'llama3-70b', moe: false },
};

/**
 * A Megatron-Bridge performance-table row: the table's GPUs, TP, PP, CP, VP, EP, MBS, GBS, sequence and precision
 * (bridgePrecision); the distributed optimizer (ZeRO 1); ETP 1 for MoE (the workload configs' expert_tensor_parallel_size);
 * the recipes' distributed optimizer, TP communication overlap and fused token permutation. Compared in tokens/s per
 * GPU, which no FLOP-counting convention touches. Layers that no even split places take Megatron's embedding and loss
 * accounting; DeepSeek-V3's 61 on 16 stages take [3, 4 x 14, 2], as its dev rows do.
 */
/** The tables' precision names as training formats: FP8 of any scaling (MXFP8 included) as fp8, NVFP4 as nvfp4. */
function bridgePrecision(name: string): 'bf16' | 'fp8' | 'nvfp4' {
  return /NVFP4/.test(name) ? 'nvfp4' : /FP8/.test(name) ? 'fp8' : 'bf16';
}

function megatronBridge(c: PublishedCase): TrainingExpression | string {
  const k = c.conditions;
  const system = /DGX-[A-Z0-9]+/.exec(c.system)?.[0] ?? '';
  const stand = BRIDGE_SYSTEMS[system];
  if (!stand) return `no preset stands for ${system || c.system}`;
  const { preset } = stand;
  // Their recipes run Megatron-FSDP with a recipe-chosen number of layers' activations offloaded to the CPU
  // (cpu_offloading_num_layers: 5 to 40 of 80 across releases), which the table does not state.
  if (k.FSDP === 1) return 'Megatron-FSDP with CPU activation offloading of a number of layers the table does not state';
  const entry = BRIDGE_MODELS[String(k.model)];
  if (!entry) return `no model preset for '${String(k.model)}'`;
  const { preset: model, moe } = entry;
  const [gpus, tp, pp, mbs, gbs, seq] = [k.GPUs, k.TP, k.PP, k.MBS, k.GBS, k.seq_len].map(num);
  if ([gpus, tp, pp, mbs, gbs, seq].some((v) => v === undefined)) return 'conditions lack part of the parallel plan';
  const vpp = num(k.VP) ?? 1;
  const plan: PlanInput = {
    ...{ tp: tp as number, pp: pp as number, vpp, cp: num(k.CP) ?? 1, mbs: mbs as number, gbs: gbs as number, seq: seq as number },
    ...{ precision: bridgePrecision(String(k.precision)), zero: 1, tpOverlap: (tp as number) > 1, permuteFusion: true },
    ...(moe ? { ep: num(k.EP) ?? 1, etp: num(k.ETP) ?? 1 } : {}),
    ...(model === 'deepseek-v3' && pp === 16 ? { stageLayers: [3, ...new Array<number>(14).fill(4), 2] } : {}),
  };
  return {
    preset,
    ...(stand.overrides ? { overrides: stand.overrides } : {}),
    ...(stand.job ? { job: true } : {}),
    gpus: gpus as number,
    model,
    plan,
    metric: 'tokens',
    setup: `${preset} x${gpus} ${model} TP${tp} PP${pp}${vpp > 1 ? ` VP${vpp}` : ''} CP${plan.cp} ${moe ? `EP${plan.ep} ETP${plan.etp} ` : ''}mbs${mbs} gbs${gbs} s${seq} ${plan.precision}`,
  };
}

/**
 * The Llama 3 paper's Table 4 (405B on Meta's H100 RoCE cluster; hgx-h100 with an Ethernet scale-out): TP, CP, PP and
 * the batch per data-parallel rank; BF16; FSDP sharding gradients and optimizer state but not parameters (ZeRO-2);
 * no activation checkpointing (section 3.3.2); 126 layers with one removed from the first and last stage for the
 * embedding and the loss; the interleaved schedule. V is not published: 8, one layer per chunk, the interleaving that
 * costs the least memory. DP is what the GPUs leave (the 128K row's stated DP 4 does not multiply out to 16,384 GPUs;
 * its 16M tokens per batch need DP 8).
 */
function llama3Paper(c: PublishedCase): TrainingExpression | string {
  const k = c.conditions;
  const [gpus, tp, cp, pp, seq, perDp] = [k.GPUs, k.TP, k.CP, k.PP, k.seq_len, k.batch_size_per_DP].map(num);
  if ([gpus, tp, cp, pp, seq, perDp].some((v) => v === undefined)) return 'conditions lack part of the parallel plan';
  const dp = (gpus as number) / ((tp as number) * (cp as number) * (pp as number));
  const plan: PlanInput = {
    ...{ tp: tp as number, pp: pp as number, vpp: 8, cp: cp as number, mbs: 1, gbs: (perDp as number) * dp, seq: seq as number },
    ...{ precision: 'bf16', zero: 2, recompute: 'none', accountForEmbedding: true, accountForLoss: true },
  };
  return {
    preset: 'hgx-h100',
    overrides: { scaleOut: { switch: 'tomahawk5' } },
    gpus: gpus as number,
    model: 'llama3.1-405b',
    plan,
    metric: 'model',
    setup: `hgx-h100 (RoCE) x${gpus} llama3.1-405b TP${tp} PP${pp} VP8 CP${cp} DP${dp} mbs1 gbs${plan.gbs} s${seq} bf16 ZeRO-2`,
  };
}

/** The expression of a held-back training case, or why it has none; undefined for cases that are not held back here. */
export function expressHoldoutTrainingCase(c: PublishedCase): TrainingExpression | string | undefined {
  if (c.id.startsWith('train-mbridge-')) return megatronBridge(c);
  if (c.id.startsWith('train-llama3-405b-')) return llama3Paper(c);
  return undefined;
}
