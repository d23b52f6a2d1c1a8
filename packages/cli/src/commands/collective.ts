/** How `supernode collective` prints: nccl-tests-style rows, the healthy figures beside a degraded run, busiest links, a Chrome trace. */

import { writeFileSync } from 'node:fs';
import { busiestLinks, type CollectiveReport, type LinkLoad, type NicUse, nicUse, type System, type TraceEvent, traceEvents } from '@supernode/core';
import { Option } from 'commander';
import { type CommandView, type Flags, jsonOption } from '../command-view.js';
import { checkOutputFile } from '../output-file.js';
import { degradedBy } from '../report/degraded.js';
import { heading, num, table } from '../report/table.js';
import { workloadInstead, workloadOption } from './workload.js';

/** Trace spans kept per size; a million-flow run would otherwise write gigabytes. */
const TRACE_SPANS = 200_000;

export const collectiveView: CommandView<CollectiveReport> = {
  instead: workloadInstead,
  options: [
    jsonOption('print a JSON array, one object per size'),
    new Option('--trace <file>', 'write a Chrome trace of the transfers (flow fidelity)'),
    new Option('--links', 'show the busiest links and their utilisation, and how many NICs carry traffic (flow fidelity)'),
    workloadOption(),
  ],
  check: (flags) => checkOutputFile(flags.trace, '--trace'),
  context: (flags) => (flags.trace === undefined ? {} : { traceSpans: TRACE_SPANS }),
  render(report, flags, system) {
    const links = flags.links
      ? report.rows.flatMap((r) =>
          r.execution ? [{ bytes: r.bytes, loads: busiestLinks(r.execution.topo, r.execution), nics: nicUse(r.execution.topo, r.execution) }] : [],
        )
      : [];
    if (typeof flags.trace === 'string') {
      const trace: TraceEvent[] = [];
      report.rows.forEach((r, i) => {
        if (r.execution) trace.push(...traceEvents(r.execution.topo, r.execution.spans, `${report.op} ${r.bytes} B`, i * 1000));
      });
      writeFileSync(flags.trace, JSON.stringify({ traceEvents: trace, displayTimeUnit: 'ns' }));
    }
    const rows = report.rows.map(({ execution: _e, ...row }, i) => (report.healthy?.[i] ? { ...row, healthy: report.healthy[i] } : row));
    if (flags.json)
      return JSON.stringify(
        flags.links
          ? rows.map((r) => {
              const l = links.find((x) => x.bytes === r.bytes);
              return { ...r, busiestLinks: l?.loads ?? [], ...(l ? { nics: l.nics } : {}) };
            })
          : rows,
        null,
        2,
      );
    return render(report, flags, links, system);
  },
};

function render(report: CollectiveReport, flags: Flags, links: readonly { bytes: number; loads: LinkLoad[]; nics: NicUse }[], system: System): string {
  const results = report.rows;
  const healthy = report.healthy ?? [];
  const fidelity = results[0]?.fidelity ?? '';
  const groups = results[0]?.groups ?? 1;
  const out = [
    heading(
      `# ${report.op} on ${report.system}: ${report.ranks} ranks (group ${flags.group ?? 'all'})${groups > 1 ? ` x ${groups} concurrent groups` : ''}, ${fidelity} fidelity`,
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
  if (last) out.push(`degraded: ${num(last.share * 100, 3)}% of healthy busbw at ${end?.bytes} B (${degradedBy(system)})`);
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
    const n = l.nics;
    if (n.nics > 0)
      out.push(`NICs sending into the scale-out: ${n.sending} of ${n.nics}${n.sending > 0 ? ` (${num(n.minGBps)} to ${num(n.maxGBps)} GB/s each)` : ''}`);
  }
  if (flags.trace !== undefined)
    out.push(`trace written to ${flags.trace} (open in ui.perfetto.dev)${fidelity === 'flow' ? '' : ': empty, traces need --fidelity flow'}`);
  return out.join('\n');
}
