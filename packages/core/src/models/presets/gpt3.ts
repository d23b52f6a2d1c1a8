/** GPT-3 175B and NeMo's GPT-3-style 5B and 20B configurations, as Megatron/NeMo train them. */

import type { TransformerModel } from '../types.js';
import { megatronGpt } from './styles.js';

const NEMO_GPT = 'https://github.com/NVIDIA/NeMo/blob/main/nemo/collections/llm/gpt/model/base.py (GPTConfig5B, GPTConfig20B)';
const PADDED = "V 51200: the GPT-2 BPE vocabulary (50,257) padded as Megatron-LM pads it (Narayanan et al. SC'21, Table 1)";

export const gpt3_175b: TransformerModel = megatronGpt({
  id: 'gpt3-175b',
  description: 'GPT-3 175B: 96 layers, h 12288, 96 heads, GELU MLP 4h, 2K context; 174.6B parameters with V 51200.',
  source: "Brown et al., Language Models are Few-Shot Learners, arXiv 2005.14165, Table 2.1; Narayanan et al. SC'21 (arXiv 2104.04473) Table 2: 174.6B",
  heads: 96,
  hidden: 12_288,
  layers: 96,
  assumptions: [PADDED],
});

export const gpt3_5b: TransformerModel = megatronGpt({
  id: 'gpt3-5b',
  description: 'NeMo GPT-3 5B: 24 layers, h 4096, 32 heads, FFN 16384, 2K context (cases.json NeMo 24.07 cases).',
  source: NEMO_GPT,
  heads: 32,
  hidden: 4096,
  layers: 24,
  assumptions: [PADDED],
});

export const gpt3_20b: TransformerModel = megatronGpt({
  id: 'gpt3-20b',
  description: 'NeMo GPT-3 20B: 44 layers, h 6144, 48 heads, FFN 24576, 2K context (cases.json NeMo 24.07 cases).',
  source: NEMO_GPT,
  heads: 48,
  hidden: 6144,
  layers: 44,
  assumptions: [PADDED],
});
