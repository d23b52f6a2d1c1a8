/** A run's power as the terminal prints it: a GPU's mean draw by phase, the facility's, and the budgets it breaks. */

import type { RunPowerReport } from '@supernode/core';
import { num } from './table.js';

/** One line of what the GPUs drew and why, e.g. '612 W a GPU (compute-bound 71%, memory-bound 20%, idle 9%); 98 kW at the facility, 87% of rated'. */
export function powerText(p: RunPowerReport): string {
  const shares = (Object.entries(p.phaseShare) as [string, number][])
    .filter(([, share]) => share > 0.0005)
    .map(([phase, share]) => `${phase.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${(share * 100).toFixed(0)}%`)
    .join(', ');
  return `${num(p.gpuWatts)} W a GPU (${shares}); ${num(p.facilityKw)} kW at the facility, ${(p.ofRated * 100).toFixed(0)}% of rated`;
}
