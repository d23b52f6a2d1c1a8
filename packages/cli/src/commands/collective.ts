/** `supernode collective`: nccl-tests-style sweep of one collective over sizes, analytical or flow-level. */

import { writeFileSync } from 'node:fs';
import {
  busiestLinks,
  COLLECTIVE_OPS,
  type CollectiveOp,
  type CollectiveResult,
  CollectiveSession,
  type Fidelity,
  healthySystem,
  type LinkLoad,
  parseGroup,
  parseSizes,
  type RoutingMode,
  runCollective,
  type TraceEvent,
  traceEvents,
} from '@supernode/core';
import { loadSystem } from '../load-system.js';
import { oneOf, timeOption } from '../options.js';
import { degradedBy } from '../report/degraded.js';
import { heading, num, table } from '../report/table.js';

export interface CollectiveOptions {
  readonly system: string;
  readonly gpus?: number;
  readonly op: string;
  readonly group: string;
  readonly concurrentGroups: number;
  readonly sizes: string;
  readonly algorithm: string;
  readonly protocol: string;
  readonly fidelity: string;
  readonly routing: string;
  readonly cudaGraphs?: boolean;
  readonly json?: boolean;
  readonly trace?: string;
  readonly links?: boolean;
  readonly fail?: readonly string[];
  readonly straggler?: readonly string[];
  readonly computeBefore?: string;
}

/** The healthy system's figures beside a degraded run's: what the failures cost. */
interface Healthy {
  readonly timeUs: number;
  readonly busbwGBps: number;
  /** Degraded busbw over healthy busbw. */
  readonly share: number;
}

/** Trace spans kept per size; a million-flow run would otherwise write gigabytes. */
const TRACE_SPANS = 200_000;

export function runCollectiveCommand(o: CollectiveOptions): string {
  const op = oneOf<CollectiveOp>('--op', o.op, COLLECTIVE_OPS);
  const fidelity = oneOf<Fidelity>('--fidelity', o.fidelity, ['flow', 'analytical']);
  const routingChoice = oneOf<RoutingMode | 'auto'>('--routing', o.routing, ['auto', 'ecmp', 'spray', 'adaptive']);
  const routing = routingChoice === 'auto' ? undefined : routingChoice;
  const system = loadSystem(o.system, o.gpus, o.fail, o.straggler);
  const session = new CollectiveSession(system);
  const healthySession = system.failures || system.stragglers ? new CollectiveSession(healthySystem(system)) : undefined;
  const computeBeforeS = o.computeBefore === undefined ? undefined : timeOption('--compute-before', o.computeBefore, true);
  const healthy: Healthy[] = [];
  const group = parseGroup(o.group, system.gpus);
  const sizes = parseSizes(o.sizes);
  const wantSpans = o.trace !== undefined && fidelity === 'flow';
  const trace: TraceEvent[] = [];
  const results: CollectiveResult[] = [];
  const links: { bytes: number; loads: LinkLoad[] }[] = [];
  sizes.forEach((bytes, i) => {
    const request = {
      op,
      group,
      concurrentGroups: o.concurrentGroups,
      bytes,
      algorithm: o.algorithm,
      protocol: o.protocol,
      fidelity,
      ...(routing ? { routing } : {}),
      launch: !o.cudaGraphs,
    };
    const r = runCollective(session, { ...request, traceSpans: wantSpans ? TRACE_SPANS : 0, ...(computeBeforeS === undefined ? {} : { computeBeforeS }) });
    if (healthySession) {
      const h = runCollective(healthySession, request);
      healthy.push({ timeUs: h.timeUs, busbwGBps: h.busbwGBps, share: r.busbwGBps / h.busbwGBps });
    }
    if (r.execution && wantSpans) trace.push(...traceEvents(r.execution.topo, r.execution.spans, `${op} ${bytes} B`, i * 1000));
    if (r.execution && o.links) links.push({ bytes, loads: busiestLinks(r.execution.topo, r.execution) });
    results.push(r);
  });
  if (o.trace !== undefined) writeFileSync(o.trace, JSON.stringify({ traceEvents: trace, displayTimeUnit: 'ns' }));
  const rows = results.map(({ execution: _e, ...row }, i) => (healthy[i] ? { ...row, healthy: healthy[i] } : row));
  if (o.json) return JSON.stringify(o.links ? rows.map((r, i) => ({ ...r, busiestLinks: links[i]?.loads ?? [] })) : rows, null, 2);
  return render(system.spec.name, op, group.length, o, results, links, healthy, degradedBy(system));
}

function render(
  name: string,
  op: string,
  ranks: number,
  o: CollectiveOptions,
  results: CollectiveResult[],
  links: { bytes: number; loads: LinkLoad[] }[],
  healthy: readonly Healthy[],
  degradedByText: string,
): string {
  const out = [
    heading(
      `# ${op} on ${name}: ${ranks} ranks (group ${o.group})${o.concurrentGroups > 1 ? ` x ${o.concurrentGroups} concurrent groups` : ''}, ${o.fidelity} fidelity`,
    ),
  ];
  const degraded = healthy.length > 0;
  const waits = results.some((r) => r.straggler);
  out.push(
    table(
      [
        'size (B)',
        'count',
        'type',
        'time (us)',
        'algbw (GB/s)',
        'busbw (GB/s)',
        'algorithm',
        'protocol',
        ...(waits ? ['wait for slowest (us)'] : []),
        ...(degraded ? ['healthy busbw (GB/s)', 'degraded'] : []),
      ],
      results.map((r, i) => [
        ...[String(r.bytes), String(r.count), r.type, num(r.timeUs, 4), num(r.algbwGBps, 4), num(r.busbwGBps, 4), r.algorithm, r.protocol],
        ...(waits ? [num(r.straggler?.waitUs ?? 0, 4)] : []),
        ...(degraded ? [num(healthy[i]?.busbwGBps ?? 0, 4), `${num((healthy[i]?.share ?? 0) * 100, 3)}% of healthy`] : []),
      ]),
    ),
  );
  const last = healthy[healthy.length - 1];
  const end = results[results.length - 1];
  if (last) out.push(`degraded: ${num(last.share * 100, 3)}% of healthy busbw at ${end?.bytes} B (${degradedByText})`);
  if (end?.straggler) {
    const s = end.straggler;
    out.push(
      `slowest rank: GPU ${s.rank} at ${num(s.speed * 100, 3)}% speed reaches the collective ${num(s.waitUs, 4)} us after the first; times count from the first`,
    );
  }
  for (const l of links) {
    out.push(heading(`busiest links at ${l.bytes} B`));
    out.push(
      table(
        ['link', 'layer', 'mean GB/s', 'utilisation'],
        l.loads.map((x) => [x.link, x.layer, num(x.meanGBps), `${num(x.utilisation * 100)}%`]),
      ),
    );
  }
  if (o.trace !== undefined)
    out.push(`trace written to ${o.trace} (open in ui.perfetto.dev)${o.fidelity === 'flow' ? '' : ': empty, traces need --fidelity flow'}`);
  return out.join('\n');
}
