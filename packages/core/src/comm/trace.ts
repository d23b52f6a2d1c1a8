/** Chrome trace (Perfetto) events for a flow run: one slice per transfer, a track per group and source node. */

import type { Topology } from '../topology/topology.js';
import type { TransferSpan } from './execute.js';

export interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'M';
  readonly ts?: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args: Record<string, unknown>;
}

/** Trace events in microseconds; `label` names the process tracks (e.g. "allreduce 1 GiB"). */
export function traceEvents(topo: Topology, spans: readonly TransferSpan[], label: string, pidBase = 0): TraceEvent[] {
  const events: TraceEvent[] = [];
  const named = new Set<string>();
  for (const s of spans) {
    const pid = pidBase + s.group;
    const key = `${pid}`;
    if (!named.has(key)) {
      named.add(key);
      events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `${label} group ${s.group}` } });
    }
    const tkey = `${pid}/${s.src}`;
    if (!named.has(tkey)) {
      named.add(tkey);
      events.push({ name: 'thread_name', ph: 'M', pid, tid: s.src, args: { name: topo.nodes[s.src]?.name ?? String(s.src) } });
    }
    events.push({
      name: `-> ${topo.nodes[s.dst]?.name ?? s.dst}`,
      ph: 'X',
      ts: s.start * 1e6,
      dur: (s.end - s.start) * 1e6,
      pid,
      tid: s.src,
      args: { bytes: s.bytes, transfer: s.transfer },
    });
  }
  return events;
}
