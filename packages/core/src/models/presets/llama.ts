/** Meta's Llama 2 and Llama 3 dense decoders, transcribed from their Hugging Face config.json files. */

import { defineModel } from '../define.js';
import type { TransformerModel } from '../types.js';
import { LLAMA_STYLE } from './styles.js';

const hf = (repo: string) => `https://huggingface.co/${repo}/blob/main/config.json`;
const LLAMA2 = 'Touvron et al., Llama 2, arXiv 2307.09288, Table 1';
const LLAMA3 = 'Llama Team, The Llama 3 Herd of Models, arXiv 2407.21783, Table 3';

export const llama2_7b: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'llama2-7b',
  description: 'Llama 2 7B: 32 layers, h 4096, 32 heads (MHA), SwiGLU 11008, V 32000, 4K context; 6.74B parameters.',
  source: `${hf('meta-llama/Llama-2-7b-hf')}; ${LLAMA2}`,
  family: 'dense',
  attention: 'mha',
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 32,
  headDim: 128,
  ffn: 11_008,
  vocab: 32_000,
  maxSeq: 4096,
  assumptions: [],
});

export const llama2_13b: TransformerModel = defineModel({
  ...llama2_7b,
  id: 'llama2-13b',
  description: 'Llama 2 13B: 40 layers, h 5120, 40 heads (MHA), SwiGLU 13824, V 32000; 13.0B parameters.',
  source: `${hf('meta-llama/Llama-2-13b-hf')}; ${LLAMA2}`,
  layers: 40,
  hidden: 5120,
  heads: 40,
  kvHeads: 40,
  ffn: 13_824,
});

export const llama2_70b: TransformerModel = defineModel({
  ...llama2_7b,
  id: 'llama2-70b',
  description: 'Llama 2 70B: 80 layers, h 8192, 64 heads with 8 KV heads (GQA), SwiGLU 28672, V 32000; 69.0B parameters.',
  source: `${hf('meta-llama/Llama-2-70b-hf')}; ${LLAMA2}`,
  attention: 'gqa',
  layers: 80,
  hidden: 8192,
  heads: 64,
  kvHeads: 8,
  ffn: 28_672,
});

export const llama3_8b: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'llama3-8b',
  description: 'Llama 3 8B: 32 layers, h 4096, 32 heads / 8 KV heads, SwiGLU 14336, V 128256, 8K context; 8.03B parameters.',
  source: `${hf('meta-llama/Meta-Llama-3-8B')}; ${LLAMA3}`,
  family: 'dense',
  attention: 'gqa',
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  ffn: 14_336,
  vocab: 128_256,
  maxSeq: 8192,
  assumptions: [],
});

export const llama3_70b: TransformerModel = defineModel({
  ...llama3_8b,
  id: 'llama3-70b',
  description: 'Llama 3 70B: 80 layers, h 8192, 64 heads / 8 KV heads, SwiGLU 28672, V 128256, 8K context; 70.6B parameters.',
  source: `${hf('meta-llama/Meta-Llama-3-70B')}; ${LLAMA3}`,
  layers: 80,
  hidden: 8192,
  heads: 64,
  ffn: 28_672,
});

export const llama3_3_70b: TransformerModel = defineModel({
  ...llama3_70b,
  id: 'llama3.3-70b',
  description: 'Llama 3.3 70B: the Llama 3 70B shape with a 128K context (cases.json NIM inference case).',
  source: hf('meta-llama/Llama-3.3-70B-Instruct'),
  maxSeq: 131_072,
});

export const llama3_1_405b: TransformerModel = defineModel({
  ...llama3_8b,
  id: 'llama3.1-405b',
  description: 'Llama 3.1 405B: 126 layers, h 16384, 128 heads / 8 KV heads, SwiGLU 53248, V 128256, 128K context; 405.9B parameters.',
  source: `${hf('meta-llama/Llama-3.1-405B')}; ${LLAMA3} (the paper rounds the vocabulary to 128,000)`,
  layers: 126,
  hidden: 16_384,
  heads: 128,
  ffn: 53_248,
  maxSeq: 131_072,
});
