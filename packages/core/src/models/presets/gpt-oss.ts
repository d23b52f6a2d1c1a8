/** OpenAI's gpt-oss-120b: 36 MoE layers of 128 biased SwiGLU experts, top-4, alternating 128-token windowed and full attention. */

import { defineModel } from '../define.js';
import { layerRange, type TransformerModel } from '../types.js';
import { LLAMA_STYLE } from './styles.js';

export const gptOss120b: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'gpt-oss-120b',
  description: 'gpt-oss-120b: 36 layers, h 2880, 64 heads of 64 / 8 KV heads, 128 experts of 2880, top-4, V 201088; 116.8B total, 5.1B active.',
  source: 'https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json; OpenAI, gpt-oss-120b & gpt-oss-20b Model Card, Table 1',
  family: 'moe',
  attention: 'gqa',
  bias: 'all',
  layers: 36,
  hidden: 2880,
  heads: 64,
  kvHeads: 8,
  headDim: 64,
  ffn: 2880,
  vocab: 201_088,
  maxSeq: 131_072,
  moe: { experts: 128, expertsPerToken: 4, sharedExperts: 0, expertFfn: 2880, moeLayers: layerRange(0, 36) },
  slidingWindow: { tokens: 128, layers: layerRange(0, 36).filter((i) => i % 2 === 0) },
  assumptions: ['the per-head attention sinks (64 per layer, 2,304 in all) are not counted'],
});
