/** `supernode collective`: nccl-tests-style sweep of one collective over sizes, analytical or flow-level. */

import { writeFileSync } from 'node:fs';
import {
  busiestLinks,
  COLLECTIVE_OPS,
  type CollectiveOp,
  type CollectiveResult,
  CollectiveSession,
  type Fidelity,
  type LinkLoad,
  parseGroup,
  parseSizes,
  type RoutingMode,
  runCollective,
  type TraceEvent,
  traceEvents,
} from '@supernode/core';
import { loadSystem } from '../load-system.js';
import { oneOf } from '../options.js';
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
}

/** Trace spans kept per size; a million-flow run would otherwise write gigabytes. */
const TRACE_SPANS = 200_000;

export function runCollectiveCommand(o: CollectiveOptions): string {
  const op = oneOf<CollectiveOp>('--op', o.op, COLLECTIVE_OPS);
  const fidelity = oneOf<Fidelity>('--fidelity', o.fidelity, ['flow', 'analytical']);
  const routingChoice = oneOf<RoutingMode | 'auto'>('--routing', o.routing, ['auto', 'ecmp', 'spray', 'adaptive']);
  const routing = routingChoice === 'auto' ? undefined : routingChoice;
  const system = loadSystem(o.system, o.gpus);
  const session = new CollectiveSession(system);
  const group = parseGroup(o.group, system.gpus);
  const sizes = parseSizes(o.sizes);
  const wantSpans = o.trace !== undefined && fidelity === 'flow';
  const trace: TraceEvent[] = [];
  const results: CollectiveResult[] = [];
  const links: { bytes: number; loads: LinkLoad[] }[] = [];
  sizes.forEach((bytes, i) => {
    const r = runCollective(session, {
      op,
      group,
      concurrentGroups: o.concurrentGroups,
      bytes,
      algorithm: o.algorithm,
      protocol: o.protocol,
      fidelity,
      ...(routing ? { routing } : {}),
      launch: !o.cudaGraphs,
      traceSpans: wantSpans ? TRACE_SPANS : 0,
    });
    if (r.execution && wantSpans) trace.push(...traceEvents(r.execution.topo, r.execution.spans, `${op} ${bytes} B`, i * 1000));
    if (r.execution && o.links) links.push({ bytes, loads: busiestLinks(r.execution.topo, r.execution) });
    results.push(r);
  });
  if (o.trace !== undefined) writeFileSync(o.trace, JSON.stringify({ traceEvents: trace, displayTimeUnit: 'ns' }));
  const rows = results.map(({ execution: _e, ...row }) => row);
  if (o.json) return JSON.stringify(o.links ? rows.map((r, i) => ({ ...r, busiestLinks: links[i]?.loads ?? [] })) : rows, null, 2);
  return render(system.spec.name, op, group.length, o, results, links);
}

function render(
  name: string,
  op: string,
  ranks: number,
  o: CollectiveOptions,
  results: CollectiveResult[],
  links: { bytes: number; loads: LinkLoad[] }[],
): string {
  const out = [
    heading(
      `# ${op} on ${name}: ${ranks} ranks (group ${o.group})${o.concurrentGroups > 1 ? ` x ${o.concurrentGroups} concurrent groups` : ''}, ${o.fidelity} fidelity`,
    ),
  ];
  out.push(
    table(
      ['size (B)', 'count', 'type', 'time (us)', 'algbw (GB/s)', 'busbw (GB/s)', 'algorithm', 'protocol'],
      results.map((r) => [String(r.bytes), String(r.count), r.type, num(r.timeUs, 4), num(r.algbwGBps, 4), num(r.busbwGBps, 4), r.algorithm, r.protocol]),
    ),
  );
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
