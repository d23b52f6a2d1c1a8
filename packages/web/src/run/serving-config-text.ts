/** A serving configuration as the page prints it: the same words as the CLI's (core's curveConfigText), which the page cannot import without loading the core, which runs in the workers only. */

import type { CurveConfig } from '@supernode/core';
import { num } from '../ui/format.js';

export function servingConfigText(c: CurveConfig): string {
  const experts = c.ep ? (c.moeTp ? ` EP x TP ${c.moeTp} experts` : ' EP') : '';
  const serving = c.pd ? `disaggregated (${num(c.prefillGpusPerDecodeGpu, 2)} prefill GPUs a decode GPU)` : 'mixed';
  return `TP ${c.tp}${c.dpAttention > 1 ? ` x DP-attention ${c.dpAttention}` : ''}${experts}, ${c.precision}${c.mtp ? ' + MTP' : ''}, ${serving}, batch ${c.batchPerGroup}`;
}
