/** NVIDIA Nemotron-3 8B / 22B and Nemotron-4 340B: LayerNorm, squared-ReLU MLP, no biases, untied 256K vocabulary. */

import { defineModel } from '../define.js';
import type { TransformerModel } from '../types.js';

const NEMO = 'https://github.com/NVIDIA/NeMo/blob/main/nemo/collections/llm/gpt/model/nemotron.py';
const LAUNCHER = 'https://github.com/NVIDIA/NeMo-Framework-Launcher/blob/main/launcher_scripts/conf/training/nemotron';
const VOCAB = 'V 256000, the Nemotron SentencePiece vocabulary (Parmar et al., Nemotron-4 15B, arXiv 2402.16819, section 2)';

const NEMOTRON = {
  family: 'dense',
  activation: 'squared-relu',
  tiedEmbeddings: false,
  positionEmbedding: 'rope',
  norm: 'layernorm',
  bias: 'none',
  qkNorm: false,
  vocab: 256_000,
  maxSeq: 4096,
} as const;

export const nemotron8b: TransformerModel = defineModel({
  ...NEMOTRON,
  id: 'nemotron-8b',
  description: 'Nemotron-3 8B: 32 layers, h 4096, 32 heads (MHA), squared-ReLU FFN 16384, 4K context; 8.5B parameters.',
  source: `${NEMO} (Nemotron3Config8B); ${LAUNCHER}/nemotron_8b.yaml; https://huggingface.co/nvidia/nemotron-3-8b-base-4k`,
  attention: 'mha',
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 32,
  headDim: 128,
  ffn: 16_384,
  assumptions: [VOCAB],
});

export const nemotron22b: TransformerModel = defineModel({
  ...NEMOTRON,
  id: 'nemotron-22b',
  description: 'Nemotron-3 22B: 40 layers, h 6144, 48 heads (MHA), squared-ReLU FFN 24576, 4K context; 21.3B parameters.',
  source: `${LAUNCHER}/nemotron_22b.yaml (40 layers, h 6144, ffn 24576, 48 heads, num_query_groups null: MHA)`,
  attention: 'mha',
  layers: 40,
  hidden: 6144,
  heads: 48,
  kvHeads: 48,
  headDim: 128,
  ffn: 24_576,
  assumptions: [VOCAB, 'an NVIDIA-internal model: shape from the NeMo training config only, no published checkpoint to count'],
});

export const nemotron340b: TransformerModel = defineModel({
  ...NEMOTRON,
  id: 'nemotron-340b',
  description: 'Nemotron-4 340B: 96 layers, h 18432, 96 heads / 8 KV heads, squared-ReLU FFN 73728, V 256000, 4K context; 341B parameters.',
  source: `${NEMO} (Nemotron4Config340B); ${LAUNCHER}/nemotron_340b.yaml; NVIDIA, Nemotron-4 340B Technical Report, arXiv 2406.11704, Table 1`,
  attention: 'gqa',
  layers: 96,
  hidden: 18_432,
  heads: 96,
  kvHeads: 8,
  headDim: 192,
  ffn: 73_728,
  assumptions: [],
});
