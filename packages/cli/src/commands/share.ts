/** How `supernode share` prints: each job alone and shared (time, slowdown, bus bandwidth), the placement, the makespan. */

import type { ShareReport } from '@supernode/core';
import { type CommandView, jsonOption } from '../command-view.js';
import { degradedBy } from '../report/degraded.js';
import { heading, num, table } from '../report/table.js';

export const shareView: CommandView<ShareReport> = {
  options: [jsonOption('print the report: each job alone and shared, the placement, the makespan')],
  render: (report, flags, system) => (flags.json ? JSON.stringify(report, null, 2) : render(report, system.failures ? degradedBy(system) : undefined)),
};

function render(r: ShareReport, degraded: string | undefined): string {
  const out = [
    heading(
      `# ${r.jobs.length} job${r.jobs.length === 1 ? '' : 's'} sharing ${r.system}: ${r.gpus.toLocaleString('en-US')} GPUs in scale-up domains of ${r.domainSize}, ${r.placement} placement${r.placement === 'random' ? ` (seed ${r.seed})` : ''}, ${r.routing} routing, flow fidelity`,
    ),
    table(
      ['job', 'op', 'size (B)', 'GPUs', 'domains', 'ranks', 'algorithm', 'alone (us)', 'shared (us)', 'slowdown', 'busbw alone (GB/s)', 'busbw shared (GB/s)'],
      r.jobs.map((j) => [
        j.name,
        j.op,
        String(j.bytes),
        String(j.gpus),
        `${j.domains} (${j.gpusPerDomain.min === j.gpusPerDomain.max ? j.gpusPerDomain.min : `${j.gpusPerDomain.min}-${j.gpusPerDomain.max}`} each)`,
        `${j.firstRank}-${j.lastRank}`,
        `${j.algorithm}, ${j.protocol}`,
        num(j.aloneUs, 4),
        num(j.sharedUs, 4),
        `${num(j.slowdown, 4)}x`,
        num(j.aloneBusbwGBps, 4),
        num(j.sharedBusbwGBps, 4),
      ]),
    ),
  ];
  const worst = r.jobs.reduce((w, j) => (j.slowdown > w.slowdown ? j : w));
  out.push(`makespan ${num(r.makespanUs, 4)} us; worst slowdown ${num(worst.slowdown, 4)}x (${worst.name}), mean ${num(r.meanSlowdown, 4)}x`);
  if (degraded) out.push(`on the degraded fabric (${degraded}): alone and shared both run on it`);
  return out.join('\n');
}
