/** moe-10t: a hypothetical 10-trillion-parameter MoE, DeepSeek-V3's layout scaled up, for sizing a supernode. */

import { defineModel } from '../define.js';
import { layerRange, type TransformerModel } from '../types.js';
import { LLAMA_STYLE } from './styles.js';

/**
 * Design: DeepSeek-V3's recipe (MLA with the same ranks, first 3 layers dense, 1 shared + top-8 routed experts of
 * width 2048) with h 8192, 100 layers and 2,048 routed experts per MoE layer.
 * Per expert 3 x 8192 x 2048 = 50,331,648; per MoE layer 2,049 experts = 103.1B; 97 MoE layers = 10.0T total.
 * Active per token: 9 experts x 97 layers = 43.9B, plus attention 20.6B, 3 dense MLPs 1.8B, routers 1.6B, head 1.1B: ~69B.
 * Sparsity 8 / 2048 = 1/256 (DeepSeek-V3: 1/32), so the expert weights dominate memory and all-to-all dominates traffic.
 */
export const moe10t: TransformerModel = defineModel({
  ...LLAMA_STYLE,
  id: 'moe-10t',
  description:
    'Hypothetical 10T-parameter MoE: 100 layers, h 8192, MLA, 3 dense layers then 2048 routed + 1 shared experts of 2048, top-8; ~10.0T total, ~69B active.',
  source: 'hypothetical (this project): DeepSeek-V3 layout (arXiv 2412.19437) scaled to 10T parameters',
  family: 'moe',
  attention: 'mla',
  mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  layers: 100,
  hidden: 8192,
  heads: 128,
  kvHeads: 128,
  headDim: 192,
  ffn: 24_576,
  vocab: 129_280,
  maxSeq: 131_072,
  moe: { experts: 2048, expertsPerToken: 8, sharedExperts: 1, expertFfn: 2048, moeLayers: layerRange(3, 100) },
  assumptions: ['hypothetical: no such model is published; shape chosen to reach 10T total parameters with DeepSeek-V3 ratios'],
});
