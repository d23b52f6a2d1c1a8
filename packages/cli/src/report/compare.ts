/** Side-by-side comparison of several systems: one row per metric, one column per system. */

import type { DescribeReport } from '@supernode/core';
import { formatUsd } from '@supernode/core';
import { heading, num, table, warn } from './table.js';

export interface CollectiveRow {
  readonly label: string;
  readonly busbwGBps: number;
  readonly timeUs: number;
  readonly algorithm: string;
}

export interface TrainingRow {
  readonly label: string;
  readonly tokensPerSecPerGpu: number;
  readonly mfu: number;
  readonly iterationTimeS: number;
}

type Compared = DescribeReport & { readonly collectives: readonly CollectiveRow[]; readonly training?: TrainingRow };

const ROWS: readonly [string, (r: Compared) => string][] = [
  ['GPUs', (r) => `${r.gpus} x ${r.gpu.id}`],
  ['scale-up domain', (r) => `${r.scaleUp.domains} x ${r.scaleUp.domainSize}`],
  ['scale-up per GPU (GB/s/dir)', (r) => num(r.scaleUp.bandwidthPerGpuGBps)],
  ['scale-up switch hops', (r) => String(r.scaleUp.switchHops)],
  ['scale-up latency (ns)', (r) => `${num(r.scaleUp.reach.latencyNsMin)}-${num(r.scaleUp.reach.latencyNsMax)}`],
  ['in-switch reduction', (r) => (r.scaleUp.inSwitchReduction ? 'yes' : 'no')],
  ['scale-out per GPU (Gbit/s)', (r) => (r.scaleOut ? num(r.scaleOut.bandwidthPerGpuGbps) : '-')],
  ['bisection (TB/s)', (r) => num(r.bisectionBandwidthTBps)],
  ['BF16 dense (PFLOP/s)', (r) => num((r.gpus * r.gpu.bf16Tflops) / 1000)],
  ['HBM (TB)', (r) => num((r.gpus * r.gpu.hbmGB) / 1000)],
  ['IT power (kW)', (r) => num(r.power.totalKw)],
  ['rack draw / supply (kW)', (r) => `${num(r.power.rackKw)} / ${num(r.power.rackBudgetKw)}`],
  ['capex', (r) => formatUsd(r.cost.capexUsd)],
  ['capex per GPU', (r) => formatUsd(r.cost.perGpuUsd)],
  ['kW per PFLOP/s BF16', (r) => num(r.power.totalKw / ((r.gpus * r.gpu.bf16Tflops) / 1000))],
];

export function renderCompare(reports: readonly Compared[]): string {
  const out = [heading('system comparison (supernode describe and collective, one column per design)')];
  const collectiveRows = (reports[0]?.collectives ?? []).map((c, i): [string, (r: Compared) => string] => [
    `${c.label} busbw (GB/s)`,
    (r) => {
      const x = r.collectives[i];
      return x ? `${num(x.busbwGBps)} (${x.algorithm})` : '-';
    },
  ]);
  const trainingRow: [string, (r: Compared) => string] = [
    `${reports[0]?.training?.label ?? 'training'} tokens/s per GPU`,
    (r) => (r.training ? `${num(r.training.tokensPerSecPerGpu)} (MFU ${(r.training.mfu * 100).toFixed(0)}%)` : '-'),
  ];
  const rows = [...ROWS, ...collectiveRows, trainingRow].map(([label, f]) => [label, ...reports.map((r) => f(r))]);
  out.push(table(['', ...reports.map((r) => r.name)], rows));
  for (const r of reports) for (const w of r.warnings) out.push(warn(`${r.name}: ${w}`));
  return out.join('\n');
}
