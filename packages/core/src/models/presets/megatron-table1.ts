/** The ten GPT models of Megatron-LM's weak-scaling Table 1 (Narayanan et al., SC'21), 1.7B to 1008B parameters. */

import type { TransformerModel } from '../types.js';
import { megatronGpt } from './styles.js';

const SOURCE = "Narayanan et al., Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM, SC'21 (arXiv 2104.04473), Table 1";

/** [name, attention heads, hidden size, layers] as Table 1 prints them; V 51200 and s 2048 for all. */
const TABLE_1: readonly (readonly [string, number, number, number])[] = [
  ['1.7b', 24, 2304, 24],
  ['3.6b', 32, 3072, 30],
  ['7.5b', 32, 4096, 36],
  ['18.4b', 48, 6144, 40],
  ['39.1b', 64, 8192, 48],
  ['76.1b', 80, 10_240, 60],
  ['145.6b', 96, 12_288, 80],
  ['310.1b', 128, 16_384, 96],
  ['529.6b', 128, 20_480, 105],
  ['1008b', 160, 25_600, 128],
];

export const megatronTable1: readonly TransformerModel[] = TABLE_1.map(([name, heads, hidden, layers]) =>
  megatronGpt({
    id: `megatron-gpt-${name}`,
    description: `Megatron-LM weak-scaling GPT of ${name.toUpperCase()}: ${layers} layers, h ${hidden}, ${heads} heads, V 51200, s 2048.`,
    source: SOURCE,
    heads,
    hidden,
    layers,
  }),
);
