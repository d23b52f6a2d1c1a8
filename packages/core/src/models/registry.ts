/** The model zoo: every named transformer preset, with its description and source, in one registry. */

import { createRegistry } from '../registry/registry.js';
import { deepseekV3 } from './presets/deepseek.js';
import { gptOss120b } from './presets/gpt-oss.js';
import { gpt3_5b, gpt3_20b, gpt3_175b } from './presets/gpt3.js';
import { llama2_7b, llama2_13b, llama2_70b, llama3_1_405b, llama3_3_70b, llama3_8b, llama3_70b } from './presets/llama.js';
import { megatronTable1 } from './presets/megatron-table1.js';
import { mistral7b, mixtral8x22b } from './presets/mistral.js';
import { moe10t } from './presets/moe-10t.js';
import { nemotron8b, nemotron22b, nemotron340b } from './presets/nemotron.js';
import { qwen3_30b_a3b, qwen3_235b_a22b } from './presets/qwen3.js';
import type { TransformerModel } from './types.js';

export const models = createRegistry<TransformerModel>('model', [
  gpt3_175b,
  gpt3_5b,
  gpt3_20b,
  ...megatronTable1,
  llama2_7b,
  llama2_13b,
  llama2_70b,
  llama3_8b,
  llama3_70b,
  llama3_3_70b,
  llama3_1_405b,
  mistral7b,
  mixtral8x22b,
  qwen3_235b_a22b,
  qwen3_30b_a3b,
  deepseekV3,
  gptOss120b,
  nemotron8b,
  nemotron22b,
  nemotron340b,
  moe10t,
]);
