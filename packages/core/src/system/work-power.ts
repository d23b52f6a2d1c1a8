/**
 * Power that follows the work: a GPU draws by what it is doing (idle, streaming memory, computing, waiting on the
 * network), so a run's energy comes from how its GPUs spent their time, not from TDP at full load. The other parts (CPUs,
 * NICs, switches, links, pools) stay at their rated draw whatever their traffic. For switches and optics that is what
 * measurement says: Bell Labs' energy profiles of five network systems from several vendors found "only negligible signs
 * of power-load proportionality in all five cases" (Nokia Bell Labs, 'An Assessment of Power-Load Proportionality in Network
 * Systems', 2013), an optical module's lasers and DSP run whenever its link is up, and switch datasheets give a
 * typical draw and a maximum, not a draw by load; the model takes the rated one.
 * Each rack's draw over the run is checked against its supply and heat budgets, and each GPU's against its cooling.
 */

import { formatPower } from '../units/format.js';
import { systemPower } from './power.js';
import type { System } from './system.js';

/** What a GPU does for a while, as the power model tells its phases apart. */
export type GpuPhase = 'computeBound' | 'memoryBound' | 'communicating' | 'idle';

/**
 * A GPU's draw in each phase as a share of its TDP:
 * - idle 0.12: an SXM H200 idles at 80 W of its 700 W (measured draw published with the vLLM runs of
 *   api.serialalice.pt's GPU energy benchmark, 2026: 80.3 W idle);
 * - memory-bound 0.74: the same H200 decoding at batch 128 draws 517 W (a decode step streams weights and KV);
 * - compute-bound 1: dense GEMMs at high utilisation hold a GPU at its power limit (the same benchmark's H100 reaches
 *   680 W of 700; training runs are provisioned at TDP);
 * - communicating 0.3: waiting on a collective with a few SMs copying, an assumption between idle and memory-bound
 *   (no published figure found).
 * The same shares serve every GPU.
 */
export const GPU_PHASE_POWER_SHARE: Readonly<Record<GpuPhase, number>> = { computeBound: 1, memoryBound: 0.74, communicating: 0.3, idle: 0.12 };

/** GPU-seconds of a run by phase, summed over the GPUs that ran it. */
export type GpuTime = Readonly<Record<GpuPhase, number>>;

export interface RunPower {
  /** Mean draw of one GPU of the run, watts. */
  readonly gpuWatts: number;
  /** Share of the run's GPU time in each phase. */
  readonly phaseShare: Readonly<Record<GpuPhase, number>>;
  /** Mean IT draw of the whole system over the run (its idle GPUs at idle draw, other parts at rated), watts. */
  readonly itWatts: number;
  /** The same times the facility's PUE. */
  readonly facilityWatts: number;
  /** The mean draw of the system against its draw at every part's rated power. */
  readonly ofRated: number;
  /** The busiest rack's mean draw over the run. */
  readonly busiestRackWatts: number;
  readonly warnings: readonly string[];
}

const PHASES: readonly GpuPhase[] = ['computeBound', 'memoryBound', 'communicating', 'idle'];

/**
 * The system's mean power over a run whose `runGpus` GPUs (the first ones, whole racks first) spent `time` in each
 * phase; the system's other GPUs idle. A rack's draw is its GPUs' plus its share of the other in-rack parts at rated.
 * Example: 8 H100s (700 W) half compute-bound, half memory-bound: 0.5 x 700 + 0.5 x 518 = 609 W a GPU.
 */
export function runPower(system: System, time: GpuTime, runGpus: number = system.gpus): RunPower {
  const tdp = system.spec.gpu.tdp;
  const total = PHASES.reduce((s, p) => s + Math.max(0, time[p]), 0);
  const phaseShare = Object.fromEntries(PHASES.map((p) => [p, total > 0 ? Math.max(0, time[p]) / total : p === 'idle' ? 1 : 0])) as Record<GpuPhase, number>;
  const gpuWatts = tdp * PHASES.reduce((s, p) => s + phaseShare[p] * GPU_PHASE_POWER_SHARE[p], 0);
  const idleWatts = tdp * GPU_PHASE_POWER_SHARE.idle;
  const rated = systemPower(system);
  const otherWatts = rated.total - rated.byComponent.gpu;
  const itWatts = runGpus * gpuWatts + (system.gpus - runGpus) * idleWatts + otherWatts;
  // A rack's other in-rack parts at rated: its rated draw less its GPUs at TDP.
  const perRack = system.spec.rack.gpus;
  const rackOther = rated.perRack - Math.min(perRack, system.gpus) * tdp;
  const busiestGpus = Math.min(perRack, runGpus);
  const busiestRackWatts = rackOther + busiestGpus * gpuWatts + (Math.min(perRack, system.gpus) - busiestGpus) * idleWatts;
  const warnings: string[] = [];
  const racksOver = (budget: number) => {
    let n = 0;
    for (let r = 0; r < system.racks; r++) {
      const busy = Math.max(0, Math.min(perRack, runGpus - r * perRack));
      const gpusHere = Math.max(0, Math.min(perRack, system.gpus - r * perRack));
      if (rackOther + busy * gpuWatts + (gpusHere - busy) * idleWatts > budget) n++;
    }
    return n;
  };
  const s = system.spec.rack;
  if (busiestRackWatts > s.heatBudget) {
    warnings.push(
      `cooling: rack 0 dissipates ${formatPower(busiestRackWatts)} on average over this run, over its ${formatPower(s.heatBudget)} heat budget by ${formatPower(busiestRackWatts - s.heatBudget)}` +
        `${racksOver(s.heatBudget) > 1 ? ` (${racksOver(s.heatBudget)} racks over)` : ''}`,
    );
  }
  if (busiestRackWatts > s.powerBudget) {
    warnings.push(
      `power: rack 0 draws ${formatPower(busiestRackWatts)} on average over this run, over its ${formatPower(s.powerBudget)} supply by ${formatPower(busiestRackWatts - s.powerBudget)}` +
        `${racksOver(s.powerBudget) > 1 ? ` (${racksOver(s.powerBudget)} racks over)` : ''}`,
    );
  }
  if (s.coolingPerGpu !== undefined && gpuWatts > s.coolingPerGpu) {
    warnings.push(
      `cooling: a GPU of rack 0 draws ${formatPower(gpuWatts)} on average over this run, over the ${formatPower(s.coolingPerGpu)} its cooling removes by ${formatPower(gpuWatts - s.coolingPerGpu)}`,
    );
  }
  return {
    gpuWatts,
    phaseShare,
    itWatts,
    facilityWatts: itWatts * system.spec.facility.pue,
    ofRated: rated.total > 0 ? itWatts / rated.total : 0,
    busiestRackWatts,
    warnings,
  };
}

/** A run's power as the `train` and `serve` reports give it. */
export interface RunPowerReport {
  readonly gpuWatts: number;
  readonly facilityKw: number;
  readonly ofRated: number;
  readonly phaseShare: RunPower['phaseShare'];
  readonly busiestRackKw: number;
  readonly warnings: readonly string[];
}

export function powerReport(p: RunPower): RunPowerReport {
  return {
    gpuWatts: p.gpuWatts,
    facilityKw: p.facilityWatts / 1000,
    ofRated: p.ofRated,
    phaseShare: p.phaseShare,
    busiestRackKw: p.busiestRackWatts / 1000,
    warnings: p.warnings,
  };
}

/** One line of what the GPUs drew and why: '612 W a GPU (compute-bound 71%, memory-bound 20%, idle 9%); 98.3 kW at the facility, 87% of rated'. */
export function powerSummary(p: RunPowerReport): string {
  const shares = PHASES.filter((phase) => p.phaseShare[phase] > 0.0005)
    .map((phase) => `${phase.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${(p.phaseShare[phase] * 100).toFixed(0)}%`)
    .join(', ');
  return `${formatPower(p.gpuWatts)} a GPU (${shares}); ${formatPower(p.facilityKw * 1000)} at the facility, ${(p.ofRated * 100).toFixed(0)}% of rated`;
}
