/** The parallel plan's arguments: one declaration that `train`, `resilience`, their sweeps and the page's forms all read; PlanInput is its type. */

import { type ArgInput, ArgValueError, choice, choices, count, defineArgs, flag, share, shown, text } from '../args/index.js';
import { excerpt } from '../base/excerpt.js';
import { FORMAT_ALIASES, type FormatId } from '../compute/formats.js';
import { LIMITS } from '../system/limits.js';
import { pipelineSchedules } from './pipeline/registry.js';

/** Any parallel size is at most the GPUs a system may hold. */
const GPUS = LIMITS.systemGpus;

/** The number formats training recipes cover (a subset of numberFormats; serving takes every one). */
export type Precision = Extract<FormatId, 'bf16' | 'fp8' | 'nvfp4'>;
export type Recompute = 'none' | 'selective' | 'full';
export type AttentionKernel = 'flash' | 'unfused';

/**
 * What selective recomputation redoes in the backward pass instead of keeping its output (Megatron-Core's
 * recompute_modules): 'core-attention' the attention core (Megatron's selective recomputation, the default);
 * 'norm' every RMSNorm / LayerNorm; 'mla-up-proj' MLA's query and key/value up-projections; 'activation' the MLP
 * activation (SwiGLU), whose input is kept instead. DeepSeek-V3 recomputes norm, mla-up-proj and activation
 * (DeepSeek-V3 technical report, sections 3.2.3 and 3.3.3).
 */
export type RecomputeModule = 'core-attention' | 'norm' | 'mla-up-proj' | 'activation';
export const RECOMPUTE_MODULES: readonly RecomputeModule[] = ['core-attention', 'norm', 'mla-up-proj', 'activation'];
export const PRECISIONS: readonly Precision[] = ['bf16', 'fp8', 'nvfp4'];
/** The number formats' other names (`fp4` for nvfp4) that name a training format. */
const TRAINING_FORMAT_ALIASES = Object.fromEntries(
  Object.entries(FORMAT_ALIASES).filter(([, id]) => (PRECISIONS as readonly string[]).includes(id)),
) as Readonly<Record<string, Precision>>;

/** SMs of DeepSeek-V3's overlapped all-to-all kernels (technical report section 3.2.2: "only 20 SMs are sufficient"). */
export const DEFAULT_COMM_SMS = 20;

/** Entries of a stage split: PP x VPP, both bounded, never near this. */
const MAX_STAGE_ENTRIES = 65_536;

/** '3,4x14,2' -> [3, 4, ... (14 times), 2]: layers per stage (or per chunk with VPP), with `NxK` for N layers on K of them. */
export function parseStageLayers(text: string): number[] {
  const runs = text.split(',').map((part) => {
    const m = /^\s*(\d{1,7})\s*(?:x\s*(\d{1,7}))?\s*$/.exec(part);
    if (!m) throw new ArgValueError(`${excerpt(part)} in ${excerpt(text)} is not a layer count (n) or a run (nxk, n layers on k stages)`);
    return [Number(m[1]), Number(m[2] ?? 1)] as const;
  });
  const stages = runs.reduce((n, [, k]) => n + k, 0);
  if (stages > MAX_STAGE_ENTRIES) throw new ArgValueError(`${excerpt(text)} lists ${stages} stages; expected at most ${MAX_STAGE_ENTRIES}`);
  return runs.flatMap(([layers, k]) => new Array<number>(k).fill(layers));
}

function stageLayerList(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_STAGE_ENTRIES || !value.every((n) => Number.isSafeInteger(n) && n >= 0))
    throw new ArgValueError(`expected a list of layer counts (whole numbers >= 0) or text such as '3,4x14,2', received ${shown(value)}`);
  return value as number[];
}

/**
 * Every field of a training plan. Descriptions say what each does with its source where the behaviour comes from a
 * framework; the defaults here are the ones resolvePlan applies to a library caller's PlanInput too.
 */
export const planArgs = defineArgs({
  tp: count('tensor parallel size', { max: GPUS }).needed(),
  pp: count('pipeline parallel size', { max: GPUS }).needed(),
  vpp: count('virtual pipeline chunks per stage (interleaved 1F1B)', { max: 1024 }).or(1),
  dp: count('data parallel size', { max: GPUS }).otherwise('the GPUs over TP x PP x CP'),
  cp: count('context parallel size', { max: GPUS }).or(1),
  ep: count('expert parallel size', { max: GPUS }).or(1),
  etp: count(
    'expert tensor parallel size; below TP, expert groups fold across the TP ranks (Megatron-Core MoE parallel folding: with ETP 1 every GPU runs whole experts)',
    { max: GPUS },
  ).otherwise('TP'),
  mbs: count('micro-batch size in sequences', { max: 1_000_000 }).needed(),
  gbs: count('global batch size in sequences', { max: 1_000_000_000 }).needed(),
  seq: count('sequence length in tokens', { max: 2 ** 24 }).needed(),
  precision: choice(
    PRECISIONS,
    "GEMM number format of the transformer layers' linear layers: bf16; fp8 (Transformer Engine's delayed or current scaling, or MXFP8 blocks); nvfp4 (Transformer Engine's NVFP4 recipe: 16-element blocks on the FP4 tensor cores, Blackwell); a GPU without the format's tensor rate refuses it; INT8 training is not modelled",
    { aliases: TRAINING_FORMAT_ALIASES },
  ).or('bf16'),
  recompute: choice(['none', 'selective', 'full'] as const, 'activation recomputation: none, selective (the modules of recomputeModules) or full').or(
    'selective',
  ),
  zero: choice([0, 1, 2, 3] as const, 'ZeRO stage 0-3 (1 = distributed optimizer)').or(1),
  sequenceParallel: flag('Megatron sequence parallelism with TP; off replicates the layer activations across the TP group').otherwise('on when TP > 1'),
  attention: choice(['flash', 'unfused'] as const, 'attention kernel: flash (FlashAttention) or unfused (scores through HBM, as before 2022)').or('flash'),
  tpOverlap: flag(
    'hide the TP all-gather / reduce-scatter behind the GEMMs they feed (Megatron-Core / Transformer Engine tp_comm_overlap); off: on the critical path',
  ).or(false),
  dpOverlap: flag(
    'overlap the DP gradient reduction and parameter gather with compute (Megatron-Core overlap_grad_reduce / overlap_param_gather; ZeRO-3 prefetches each bucket and reduce-scatters behind the backward, as FSDP does); off: reduce after the pipeline flush (Megatron-LM 2021), ZeRO-3 blocking on every bucket (DeepSpeed 2021)',
  ).or(true),
  ppOverlap: flag("overlap the interleaved schedule's pipeline sends with compute (Megatron-Core overlap_p2p_comm); off: every send blocks").or(true),
  gradientBytes: choice([2, 4] as const, 'bytes per element of the gradients the DP reduction moves: 4 (FP32 main gradients) or 2').or(4),
  masterWeightBytes: choice(
    [2, 4] as const,
    "bytes of the optimizer's master copy per parameter: 4 (FP32) or 2 (BF16 remainders, apex store_param_remainders)",
  ).or(4),
  momentBytes: choice([2, 4] as const, 'bytes per element of each Adam moment: 4 (FP32) or 2 (BF16, DeepSeek-V3 3.3.3)').or(4),
  dropout: flag('dropout on attention probabilities and block outputs, with its masks kept (GPT-2/3 recipes)').or(false),
  recomputeModules: choices(RECOMPUTE_MODULES, 'what selective recomputation redoes (Megatron-Core recompute_modules)').or(['core-attention']),
  schedule: choice(pipelineSchedules.ids, 'pipeline schedule').otherwise('1f1b, or interleaved with VPP > 1'),
  microbatchGroup: count('interleaved 1F1B: micro-batches per chunk turn (Megatron microbatch_group_size_per_vp_stage); fewer hold less activation memory', {
    max: 1_000_000,
  }).otherwise('PP'),
  stageLayers: text('layers per pipeline stage, first to last, or with VPP per chunk in virtual-stage order', {
    valueName: 'list',
    examples: ['3,4x14,2'],
    parse: parseStageLayers,
    data: stageLayerList,
  }).otherwise('an even split'),
  accountForEmbedding: flag("count the input embedding as a layer of the first chunk in the split (Megatron's account_for_embedding_in_pipeline_split)").or(
    false,
  ),
  accountForLoss: flag("count the output layer and loss as a layer of the last chunk (Megatron's account_for_loss_in_pipeline_split)").or(false),
  offloadActivations: share('share of saved activations held in host memory until the backward (activation CPU offloading), in [0, 1)').or(0),
  permuteFusion: flag('fused token permutation around the experts (Megatron-Core moe_permute_fusion); off: unfused permute, sort and unpermute kernels').or(
    true,
  ),
  expertKernels: choice(
    ['grouped', 'deepgemm'] as const,
    "the routed experts' GEMM kernels: grouped (CUTLASS-class grouped GEMMs, as Megatron-Core's moe_grouped_gemm runs them: narrow experts lose rate) or deepgemm (DeepGEMM's contiguous layout, as DeepSeek-V3 trained)",
  ).or('grouped'),
  mtpDepth: count('multi-token prediction modules on the last stage (DeepSeek-V3: 1)', { min: 0, max: 64 }).or(0),
  epNodeLimit: count('node-limited routing: a token reaches experts on at most n nodes (DeepSeek-V3: 4)', { max: GPUS }).otherwise('no limit'),
  commSms: count('SMs the all-to-all kernels take while DualPipe overlaps them with compute (DeepSeek-V3: 20)', { min: 0, max: 100_000 }).or(DEFAULT_COMM_SMS),
});

/** What a user gives for a training plan: tp, pp, mbs, gbs and seq, and any other field (defaults above; dp derived). */
export type PlanInput = ArgInput<typeof planArgs.fields>;
