/** `supernode share`: jobs placed on one system run their collectives at once; each job's time and busbw alone and shared. */

import { parseJobTexts, placementPolicies, type RoutingMode, type ShareReport, shareCluster } from '@supernode/core';
import { UsageError } from '../errors.js';
import { loadSystem } from '../load-system.js';
import { oneOf } from '../options.js';
import { degradedBy } from '../report/degraded.js';
import { heading, num, table } from '../report/table.js';

export interface ShareCommandOptions {
  readonly system: string;
  readonly gpus?: number;
  readonly job?: readonly string[];
  readonly placement: string;
  readonly seed: number;
  readonly routing: string;
  readonly fail?: readonly string[];
  readonly json?: boolean;
}

/** Parses --seed: a whole number from 0 to 2^32 - 1. */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n >= 2 ** 32) throw new UsageError(`option --seed: expected a whole number from 0 to 4294967295, received '${text}'`);
  return n;
}

export const PLACEMENT_HELP = `where the jobs go: ${placementPolicies.entries.map((p) => `${p.id}: ${p.description}`).join('; ')}`;

export const SHARE_FAIL_HELP =
  'fail a fabric component (repeat or comma-separate), as for collective: link:scale-out:plane=0:gpu=5, nic:gpu=5, switch:scale-out:leaf:plane=0:index=3 (tiers leaf, spine, aggregation, core), plane:scale-up:plane=1; jobs run alone and shared on the degraded fabric';

export function runShareCommand(o: ShareCommandOptions): string {
  const jobs = parseJobTexts(o.job ?? [], '--job');
  const routingChoice = oneOf<RoutingMode | 'auto'>('--routing', o.routing, ['auto', 'ecmp', 'spray', 'adaptive']);
  const system = loadSystem(o.system, o.gpus, o.fail);
  const report = shareCluster(system, jobs, {
    placement: o.placement,
    seed: o.seed,
    ...(routingChoice === 'auto' ? {} : { routing: routingChoice }),
    fields: { jobs: '--job', placement: '--placement' },
  });
  if (o.json) return JSON.stringify(report, null, 2);
  return render(report, system.failures ? degradedBy(system) : undefined);
}

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
