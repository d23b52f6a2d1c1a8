/** Mistral AI's Mistral 7B (dense, sliding window) and Mixtral 8x22B (sparse MoE, top-2 of 8). */

import { defineModel } from '../define.js';
import { layerRange, type TransformerModel } from '../types.js';
import { LLAMA_STYLE } from './styles.js';

export const mistral7b: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'mistral-7b',
  description: 'Mistral 7B v0.1: 32 layers, h 4096, 32 heads / 8 KV heads, SwiGLU 14336, V 32000, 4096-token sliding window; 7.24B parameters.',
  source: 'https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/config.json; Jiang et al., Mistral 7B, arXiv 2310.06825, Table 1',
  family: 'dense',
  attention: 'gqa',
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  ffn: 14_336,
  vocab: 32_000,
  maxSeq: 32_768,
  slidingWindow: { tokens: 4096, layers: layerRange(0, 32) },
  assumptions: ['v0.1 shape; v0.2 and later drop the sliding window and use V 32768 (cases.json does not say which version Azure ran)'],
});

export const mixtral8x22b: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'mixtral-8x22b',
  description: 'Mixtral 8x22B: 56 layers, h 6144, 48 heads / 8 KV heads, 8 SwiGLU experts of 16384, top-2, V 32768; 141B total, 39B active.',
  source: 'https://huggingface.co/mistralai/Mixtral-8x22B-Instruct-v0.1/blob/main/config.json; https://mistral.ai/news/mixtral-8x22b/',
  family: 'moe',
  attention: 'gqa',
  layers: 56,
  hidden: 6144,
  heads: 48,
  kvHeads: 8,
  headDim: 128,
  ffn: 16_384,
  vocab: 32_768,
  maxSeq: 65_536,
  moe: { experts: 8, expertsPerToken: 2, sharedExperts: 0, expertFfn: 16_384, moeLayers: layerRange(0, 56) },
  assumptions: ['Instruct v0.1 vocabulary (32768); the base v0.1 upload in mistral-community uses 32000'],
});
