/**
 * How each cases.json training case is expressed as a supernode run: the preset for the measured cluster, the model,
 * the parallel plan the source states, and the figure compared. Choices the source leaves open follow one rule for all
 * cases and are named here.
 */

import type { PlanInput } from '../training/plan-args.js';
import { expressHoldoutTrainingCase } from './holdout-training-cases.js';
import type { TrainingExpression } from './training-expression.js';
import type { PublishedCase } from './types.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Megatron-LM SC'21 (Narayanan et al.): Selene DGX A100 (dgx-a100 preset), activation recomputation (stated), no ZeRO
 * for PTD-P (the paper predates the distributed optimizer), sequence 2048. The code of the time (Megatron-LM 2021,
 * examples/pretrain_gpt3_175B.sh: --fp16 --checkpoint-activations) fixes the rest: FP16, so 2-byte gradients; local
 * DDP, which all-reduces them after the pipeline flush (training.py: allreduce_gradients() after
 * forward_backward_func); blocking pipeline sends; unfused attention and no sequence parallelism (both came in 2022);
 * GPT dropout 0.1.
 * Unstated, one rule for all rows: micro-batch 1, and the interleaved schedule with 2 chunks per stage where
 * layers / PP is even.
 */
function megatron(c: PublishedCase): TrainingExpression | string {
  const k = c.conditions;
  // The section 5.1 estimate names the model and the cluster in words: 'GPT-3 175B' (Table 1's 174.6B) on '1024x A100'.
  const params = num(k.params_B) ?? (k.model === 'GPT-3 175B' ? 174.6 : undefined);
  const gpus = num(k.GPUs) ?? num(Number(/^(\d+)x /.exec(String(c.system ?? ''))?.[1]));
  const batch = num(k.global_batch) ?? num(k.batch);
  if (params === undefined || gpus === undefined || batch === undefined) return 'conditions lack params, GPUs or global batch';
  const model = params > 170 && params < 180 ? 'gpt3-175b' : `megatron-gpt-${params >= 1000 ? params.toFixed(0) : params.toFixed(1)}b`;
  const layers = num(k.layers) ?? (model === 'gpt3-175b' ? 96 : params > 500 && params < 600 ? 105 : undefined);
  let tp = num(k.TP);
  let pp = num(k.PP);
  const mp = num(k.model_parallel_size);
  if (tp === undefined && mp !== undefined) {
    tp = Math.min(8, mp);
    pp = mp / tp;
  }
  if (tp === undefined && model === 'gpt3-175b') {
    // Unstated for the 1,024-GPU estimate: Megatron-LM's own GPT-3 175B recipe (examples/pretrain_gpt3_175B.sh,
    // 2021: --tensor-model-parallel-size 8 --pipeline-model-parallel-size 16 on 128 nodes).
    tp = 8;
    pp = 16;
  }
  if (tp === undefined || pp === undefined || layers === undefined) return 'conditions lack TP and PP (or the model-parallel size)';
  const scheme = k.scheme === 'ZeRO-3' ? 3 : 0;
  const vpp = pp > 1 && (layers / pp) % 2 === 0 ? 2 : 1;
  const mbs = num(k.microbatch) ?? 1;
  return {
    preset: 'dgx-a100',
    gpus,
    model,
    plan: {
      ...{ tp, pp, vpp, mbs, gbs: batch, seq: 2048, precision: 'bf16', recompute: 'full', zero: scheme, attention: 'unfused' },
      ...{ sequenceParallel: false, dpOverlap: false, ppOverlap: false, gradientBytes: 2, dropout: true },
    },
    metric: 'hardware',
    setup: `dgx-a100 x${gpus} ${model} TP${tp} PP${pp}${vpp > 1 ? ` VPP${vpp}` : ''} mbs${mbs} gbs${batch}${scheme ? ' ZeRO-3' : ''}`,
  };
}

/**
 * What NeMo's training configs set per model family beyond the performance table (NeMo-Framework-Launcher
 * launcher_scripts/conf/training/): GPT-3 trains with dropout 0.1, selective recomputation and grad_sync_dtype bf16
 * (gpt3/20b_fp8_performance.yaml); Llama 2/3 and Nemotron-3 without dropout or recomputation, gradients synchronised
 * in the optimizer's FP32 default (llama/llama2_7b.yaml, llama/llama3_8b.yaml, nemotron/nemotron_8b.yaml,
 * nemotron_22b.yaml); all of these with apex's distributed_fused_adam, for which NeMo keeps only master-weight
 * remainders. Nemotron-4 340B: grad_sync_dtype bf16 and Megatron-Core's distributed optimizer, FP32 master weights
 * (nemotron/nemotron_340b.yaml).
 */
interface NemoRecipe {
  readonly dropout: boolean;
  readonly recompute: 'none' | 'selective';
  readonly gradientBytes: 2 | 4;
  readonly masterWeightBytes: 2 | 4;
}
const GPT3: NemoRecipe = { dropout: true, recompute: 'selective', gradientBytes: 2, masterWeightBytes: 2 };
const LLAMA: NemoRecipe = { dropout: false, recompute: 'none', gradientBytes: 4, masterWeightBytes: 2 };
const NEMOTRON4: NemoRecipe = { ...LLAMA, gradientBytes: 2, masterWeightBytes: 4 };

/** The NeMo table's model names: our preset and the family recipe. */
const NEMO_MODELS: Readonly<Record<string, { preset: string; recipe: NemoRecipe }>> = {
  'GPT3-5B': { preset: 'gpt3-5b', recipe: GPT3 },
  'GPT3-20B': { preset: 'gpt3-20b', recipe: GPT3 },
  'GPT3-175B': { preset: 'gpt3-175b', recipe: GPT3 },
  'LLAMA2-7B': { preset: 'llama2-7b', recipe: LLAMA },
  'LLAMA2-13B': { preset: 'llama2-13b', recipe: LLAMA },
  'LLAMA2-70B': { preset: 'llama2-70b', recipe: LLAMA },
  'LLAMA3-8B': { preset: 'llama3-8b', recipe: LLAMA },
  'LLAMA3-70B': { preset: 'llama3-70b', recipe: LLAMA },
  'Nemotron-8B': { preset: 'nemotron-8b', recipe: LLAMA },
  'Nemotron-22B': { preset: 'nemotron-22b', recipe: LLAMA },
  'Nemotron-340B': { preset: 'nemotron-340b', recipe: NEMOTRON4 },
};

/**
 * NeMo 24.07 on DGX-H100 (hgx-h100 preset): the table's TP, PP, CP, VP, MBS, GBS, sequence and FP8; distributed
 * optimizer, TP communication overlap (NeMo's performance recipes set tp_comm_overlap), and the family recipe.
 */
function nemo(c: PublishedCase): TrainingExpression | string {
  const k = c.conditions;
  const entry = NEMO_MODELS[String(k.model)];
  const gpus = num(k.GPUs);
  const [tp, pp, cp, vp, mbs, gbs, seq] = [k.TP, k.PP, k.CP, k.VP, k.MBS, k.GBS, k.seq_len].map(num);
  if (!entry) return `no model preset for '${String(k.model)}'`;
  const { preset: model, recipe } = entry;
  if ([gpus, tp, pp, cp, vp, mbs, gbs, seq].some((v) => v === undefined)) return 'conditions lack part of the parallel plan';
  const plan = {
    tp: tp as number,
    pp: pp as number,
    vpp: vp as number,
    cp: cp as number,
    mbs: mbs as number,
    gbs: gbs as number,
    seq: seq as number,
    precision: 'fp8',
    tpOverlap: true,
    zero: 1,
    ...recipe,
  } as const;
  return {
    preset: 'hgx-h100',
    gpus: gpus as number,
    model,
    plan,
    metric: 'model',
    setup: `hgx-h100 x${gpus} ${model} TP${tp} PP${pp} VP${vp} CP${cp} mbs${mbs} gbs${gbs} s${seq} fp8`,
  };
}

/**
 * DeepSeek-V3 pre-training (technical report, arXiv 2412.19437; "Insights into DeepSeek-V3", ISCA'25): 2048 H800
 * (hgx-h800 preset), PP16 with DualPipe, EP64 over 8 nodes, ZeRO-1, no TP (section 3.2), node-limited routing M = 4
 * (section 4.2), parsed from the case; the rest from the report: FP8 linear layers (section 3.3), sequence 4096 and
 * batch 15,360 after a ramp from 3,072 over the first 469B tokens (section 4.2), one MTP module (section 4.2:
 * D = 1), recomputation of the norms, MLA up-projections and SwiGLU (sections 3.2.3, 3.3.3), BF16 Adam moments beside
 * FP32 master weights and gradients (section 3.3.3), 20 SMs for the overlapped all-to-all (section 3.2.2).
 * Micro-batch 1: each DualPipe chunk is one 4K sequence through 4 MoE layers (deepseek-ai/profile-data), and
 * 15,360 x 4096 tokens per step is what ISCA'25 Table 4's 272.8B tokens/day at 19.926 s per step give.
 * Not published, our rule: the layer split [3, 4 x 14, 2], four layers per middle stage as in the profile, the three
 * dense layers on the first stage and two on the last beside the output head and the MTP module; DP gradient
 * reduction after the pipeline (dpOverlap false), as Table 4 times the optimizer phase (0.29 s) apart from the pipeline.
 */
function deepseekV3(c: PublishedCase): TrainingExpression | string {
  const k = c.conditions;
  const text = `${String(k.parallelism)} ${String(k.model)}`;
  const gpus = Number(/^(\d+)x/.exec(c.system)?.[1]);
  const pp = Number(/PP(\d+)/.exec(text)?.[1]);
  const ep = Number(/EP(\d+)/.exec(text)?.[1]);
  const nodeLimit = Number(/M=(\d+)/.exec(text)?.[1]);
  if (![gpus, pp, ep, nodeLimit].every(Number.isFinite) || !/DualPipe/.test(text)) return 'conditions lack GPUs, PP with DualPipe, EP or the node limit M';
  // Per trillion tokens: the steady-state rate, which ISCA'25 Table 4 measured at 180K GPU-hours per T; the whole
  // pre-training: 14.8T tokens through the batch ramp.
  const perTrillion = c.metric.includes('per_trillion');
  const tokens = perTrillion ? 1e12 : 14.8e12;
  const plan: PlanInput = {
    ...{ tp: 1, pp, ep, mbs: 1, gbs: 15_360, seq: 4096, precision: 'fp8', zero: 1, schedule: 'dualpipe', mtpDepth: 1, epNodeLimit: nodeLimit },
    ...{ recompute: 'selective', recomputeModules: ['norm', 'mla-up-proj', 'activation'], momentBytes: 2, commSms: 20, dpOverlap: false },
    // DeepSeek-V3 trained its experts on DeepGEMM's FP8 grouped kernels (deepseek-ai/DeepGEMM README: 'used in V3/R1').
    expertKernels: 'deepgemm',
    stageLayers: [3, ...new Array<number>(pp - 2).fill(4), 2],
  };
  return {
    preset: 'hgx-h800',
    gpus,
    model: 'deepseek-v3',
    plan,
    metric: 'gpu-hours',
    tokens,
    ...(perTrillion ? {} : { batchRamp: { fromGbs: 3072, tokens: 469e9 } }),
    setup: `hgx-h800 x${gpus} deepseek-v3 PP${pp} DualPipe EP${ep} M${nodeLimit} mbs1 gbs15360 s4096 fp8 MTP1, ${tokens / 1e12}T tokens`,
  };
}

export function expressTrainingCase(c: PublishedCase): TrainingExpression | string {
  const holdout = expressHoldoutTrainingCase(c);
  if (holdout !== undefined) return holdout;
  if (c.id.startsWith('train-megatron-')) return megatron(c);
  if (c.id.startsWith('train-nemo')) return nemo(c);
  if (c.id.startsWith('train-deepseekv3')) return deepseekV3(c);
  return 'no expression maps this case to a training run yet';
}
