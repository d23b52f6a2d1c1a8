/** Alibaba's Qwen3 sparse models: every layer MoE with 128 experts, top-8, no shared expert, per-head q/k RMSNorm. */

import { defineModel } from '../define.js';
import { layerRange, type TransformerModel } from '../types.js';
import { LLAMA_STYLE } from './styles.js';

const QWEN3 = 'Qwen Team, Qwen3 Technical Report, arXiv 2505.09388, Table 2';

export const qwen3_235b_a22b: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'qwen3-235b-a22b',
  description: 'Qwen3-235B-A22B: 94 layers, h 4096, 64 heads / 4 KV heads of 128, 128 experts of 1536, top-8, V 151936; 235B total, 22B active.',
  source: `https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json; ${QWEN3}`,
  family: 'moe',
  attention: 'gqa',
  qkNorm: true,
  layers: 94,
  hidden: 4096,
  heads: 64,
  kvHeads: 4,
  headDim: 128,
  ffn: 12_288,
  vocab: 151_936,
  maxSeq: 40_960,
  moe: { experts: 128, expertsPerToken: 8, sharedExperts: 0, expertFfn: 1536, moeLayers: layerRange(0, 94) },
  assumptions: [],
});

export const qwen3_30b_a3b: TransformerModel = defineModel({
  ...qwen3_235b_a22b,
  id: 'qwen3-30b-a3b',
  description: 'Qwen3-30B-A3B: 48 layers, h 2048, 32 heads / 4 KV heads of 128, 128 experts of 768, top-8, V 151936; 30.5B total, 3.3B active.',
  source: `https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json; ${QWEN3}`,
  layers: 48,
  hidden: 2048,
  heads: 32,
  ffn: 6144,
  moe: { experts: 128, expertsPerToken: 8, sharedExperts: 0, expertFfn: 768, moeLayers: layerRange(0, 48) },
});
