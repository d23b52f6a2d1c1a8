/**
 * How each dev.json training case is expressed as a supernode run: the preset for the measured cluster, the model,
 * the parallel plan the source states, and the figure compared. Choices the source leaves open follow one rule for all
 * cases and are named here.
 */

import type { DevCase } from './types.js';

export interface TrainingExpression {
  readonly preset: string;
  readonly gpus: number;
  readonly model: string;
  readonly plan: {
    tp: number;
    pp: number;
    vpp?: number;
    cp?: number;
    mbs: number;
    gbs: number;
    seq: number;
    precision: 'bf16' | 'fp8';
    recompute: 'none' | 'selective' | 'full';
    zero: 0 | 1 | 2 | 3;
    attention?: 'flash' | 'unfused';
    tpOverlap?: boolean;
  };
  /** 'hardware': TFLOP/s counting recomputation (Megatron eq. 3); 'model': model FLOPs only (NeMo). */
  readonly metric: 'hardware' | 'model';
  readonly setup: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Megatron-LM SC'21 (Narayanan et al.): Selene DGX A100 (dgx-a100 preset), BF16, activation recomputation (stated),
 * no ZeRO for PTD-P (the paper predates the distributed optimizer), sequence 2048, unfused attention (the paper
 * predates FlashAttention). Unstated, one rule for all rows:
 * micro-batch 1, and the interleaved schedule with 2 chunks per stage where layers / PP is even.
 */
function megatron(c: DevCase): TrainingExpression | string {
  const k = c.conditions;
  const params = num(k.params_B);
  const gpus = num(k.GPUs);
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
  if (tp === undefined || pp === undefined || layers === undefined) return 'conditions lack TP and PP (or the model-parallel size)';
  const scheme = k.scheme === 'ZeRO-3' ? 3 : 0;
  const vpp = pp > 1 && (layers / pp) % 2 === 0 ? 2 : 1;
  const mbs = num(k.microbatch) ?? 1;
  return {
    preset: 'dgx-a100',
    gpus,
    model,
    plan: { tp, pp, vpp, mbs, gbs: batch, seq: 2048, precision: 'bf16', recompute: 'full', zero: scheme, attention: 'unfused' },
    metric: 'hardware',
    setup: `dgx-a100 x${gpus} ${model} TP${tp} PP${pp}${vpp > 1 ? ` VPP${vpp}` : ''} mbs${mbs} gbs${batch}${scheme ? ' ZeRO-3' : ''}`,
  };
}

const NEMO_MODELS: Readonly<Record<string, string>> = {
  'GPT3-5B': 'gpt3-5b',
  'GPT3-20B': 'gpt3-20b',
  'GPT3-175B': 'gpt3-175b',
  'LLAMA2-7B': 'llama2-7b',
  'LLAMA2-13B': 'llama2-13b',
  'LLAMA2-70B': 'llama2-70b',
  'LLAMA3-8B': 'llama3-8b',
  'LLAMA3-70B': 'llama3-70b',
  'Nemotron-8B': 'nemotron-8b',
  'Nemotron-22B': 'nemotron-22b',
  'Nemotron-340B': 'nemotron-340b',
};

/**
 * NeMo 24.07 on DGX-H100 (hgx-h100 preset): the table's TP, PP, CP, VP, MBS, GBS, sequence and FP8; distributed
 * optimizer, no full recomputation, and TP communication overlap (NeMo's performance recipes set tp_comm_overlap).
 */
function nemo(c: DevCase): TrainingExpression | string {
  const k = c.conditions;
  const model = NEMO_MODELS[String(k.model)];
  const gpus = num(k.GPUs);
  const [tp, pp, cp, vp, mbs, gbs, seq] = [k.TP, k.PP, k.CP, k.VP, k.MBS, k.GBS, k.seq_len].map(num);
  if (!model) return `no model preset for '${String(k.model)}'`;
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
    recompute: 'selective',
    tpOverlap: true,
    zero: 1,
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

export function expressTrainingCase(c: DevCase): TrainingExpression | string {
  if (c.id.startsWith('train-megatron-')) return megatron(c);
  if (c.id.startsWith('train-nemo')) return nemo(c);
  if (c.id.startsWith('train-deepseekv3')) {
    return 'DeepSeek-V3 trains 61 layers over PP16 with DualPipe overlap of all-to-all and compute: uneven stages and DualPipe are not modelled yet';
  }
  return 'no expression maps this case to a training run yet';
}
