/** `supernode workload`: a SimAI/AICB workload file run on a supernode system, collectives priced on its fabric; compute as the file gives it, or scaled from the GPU it was measured on. */

import { type AicbReport, FIDELITIES, type Fidelity, gpus, parseAicbWorkload, runAicbWorkload } from '@supernode/core';
import { loadSystem } from '../load-system.js';
import { oneOf } from '../options.js';
import { readTextFile } from '../read-text.js';
import { heading, num, table } from '../report/table.js';

/** AICB writes some 100 bytes a layer line and a few thousand lines for a large model; 64 MiB leaves room for long runs. */
const MAX_WORKLOAD_BYTES = 64 * 2 ** 20;

export interface WorkloadCommandOptions {
  readonly system: string;
  readonly gpus?: number;
  readonly measuredOn?: string;
  readonly fidelity?: string;
  readonly json?: boolean;
}

export function runWorkload(file: string, opts: WorkloadCommandOptions): string {
  const fidelity = oneOf('--fidelity', opts.fidelity ?? 'analytical', FIDELITIES) as Fidelity;
  const measuredOn = opts.measuredOn === undefined ? undefined : gpus.get(opts.measuredOn);
  const workload = parseAicbWorkload(readTextFile(file, 'workload', MAX_WORKLOAD_BYTES), file);
  const system = loadSystem(opts.system, opts.gpus ?? workload.gpus, [], [], true);
  // Compute measured on another GPU takes the ratio of the two GPUs' dense BF16 peaks: the file's times are mostly GEMMs.
  const computeScale = measuredOn ? measuredOn.peak.bf16 / system.spec.gpu.peak.bf16 : 1;
  const report = runAicbWorkload(system, workload, { fidelity, computeScale });
  return opts.json ? JSON.stringify(report, null, 2) : render(report, measuredOn?.name);
}

function render(r: AicbReport, measuredOn: string | undefined): string {
  const p = r.plan;
  const share = (s: number) => `${num((100 * s) / r.stepTimeS, 3)}%`;
  const rows: [string, number][] = [
    ['compute', r.computeS],
    ['exposed TP collectives', r.exposedCommS.tp],
    ['exposed EP collectives', r.exposedCommS.ep],
    ['exposed DP collectives', r.exposedCommS.dp],
    ['exposed DP-EP collectives', r.exposedCommS['dp-ep']],
    ['pipeline bubble', r.bubbleS],
  ];
  return [
    heading(
      `${r.file} on ${r.system}: TP ${p.tp} EP ${p.ep} PP ${p.pp} DP ${p.dp} VPP ${p.vpp}, ${p.ga} micro-batches, ${p.gpus} GPUs, ${r.layers} layer lines, ${r.fidelity} fidelity`,
    ),
    `step ${num(r.stepTimeS, 4)} s (iteration ${num(r.iterationTimeS, 4)} s + bubble ${num(r.bubbleS, 4)} s); compute ${
      measuredOn ? `scaled by ${num(r.computeScale, 4)} from ${measuredOn}` : 'as the file gives it'
    }`,
    table(
      ['part', 'seconds', 'share of the step'],
      rows.filter(([, s]) => s > 0).map(([name, s]) => [name, num(s, 4), share(s)]),
    ),
  ].join('\n');
}
