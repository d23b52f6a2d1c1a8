/** The 1F1B pattern both Megatron schedules share: warm-up forwards, a forward and a backward in turn, then the rest of the backwards. */

import type { PipelineStep } from './types.js';

/**
 * Passes 0..total-1 of one device: `warm` forwards, then forward k + warm beside backward k while forwards remain, then
 * the remaining backwards. `pass` names the step of pass k. total 4, warm 2: F0 F1 F2 B0 F3 B1 B2 B3.
 */
export function warmupThenAlternate(total: number, warm: number, pass: (kind: 'F' | 'B', k: number) => PipelineStep): PipelineStep[] {
  const steps = Array.from({ length: warm }, (_, k) => pass('F', k));
  for (let k = 0; k < total; k++) {
    if (k + warm < total) steps.push(pass('F', k + warm));
    steps.push(pass('B', k));
  }
  return steps;
}
