/** DeepSeek-V3: multi-head latent attention, 3 dense layers then 58 MoE layers of 256 routed + 1 shared expert, top-8. */

import { defineModel } from '../define.js';
import { layerRange, type TransformerModel } from '../types.js';
import { LLAMA_STYLE } from './styles.js';

export const deepseekV3: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'deepseek-v3',
  description:
    'DeepSeek-V3: 61 layers, h 7168, 128 MLA heads (d_c 512, rope 64), dense FFN 18432 in layers 0-2, then 256 routed + 1 shared experts of 2048, top-8; 671B total, 37B active.',
  source: 'https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json; DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv 2412.19437, section 4.2',
  family: 'moe',
  attention: 'mla',
  mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  layers: 61,
  hidden: 7168,
  heads: 128,
  kvHeads: 128,
  headDim: 192,
  ffn: 18_432,
  vocab: 129_280,
  maxSeq: 163_840,
  moe: { experts: 256, expertsPerToken: 8, sharedExperts: 1, expertFfn: 2048, moeLayers: layerRange(3, 61) },
  assumptions: ["the multi-token-prediction module (14B, num_nextn_predict_layers 1) is not counted, as in the paper's 671B"],
});
