/**
 * Runs Chakra traces, one per rank, on a supernode system as ASTRA-sim's feeder walks them: a node starts when its
 * control and data dependencies are done; each rank runs one compute node at a time (its recorded duration) while its
 * communication runs beside it; a collective starts when every rank of its process group has reached it (matched in
 * issue order per group) and takes the system's price for it; a send and its receive (matched by peers and tag) move
 * the bytes between the two ranks once both have reached them.
 */

import { ArgumentError } from '../base/errors.js';
import { CollectiveSession, type Fidelity, runCollective } from '../comm/run.js';
import type { System } from '../system/system.js';
import { type ChakraNode, type ChakraTrace, COMM_TYPES } from './chakra.js';

export interface ChakraRunOptions {
  readonly fidelity?: Fidelity;
  /** Process group name -> its ranks (ASTRA-sim's comm group file); a collective of an unnamed or unlisted group runs on every rank. */
  readonly groups?: Readonly<Record<string, readonly number[]>>;
}

export interface ChakraReport {
  readonly system: string;
  readonly ranks: number;
  readonly nodes: number;
  readonly fidelity: Fidelity;
  /** When the last node of any rank ends. */
  readonly stepTimeS: number;
  /** Rank 0's compute, and the rest of its step: communication it waited for. */
  readonly computeS: number;
  readonly exposedCommS: number;
  /** Collective and point-to-point time, summed over rank 0's communication nodes. */
  readonly commS: number;
  readonly criticalPath: CriticalPath;
}

interface State {
  readonly rank: number;
  readonly node: ChakraNode;
  waiting: number;
  /** When its dependencies were done, and the one done last. */
  readyAt?: number;
  readyBy?: State;
  /** When its own work began, and what it waited for last: a dependency, the rank's compute, a peer. */
  begin?: number;
  blocker?: State;
  end?: number;
}

/** The chain of nodes that set the step's end, walked back from the last one, by kind of node. */
export interface CriticalPath {
  readonly nodes: number;
  readonly computeS: number;
  readonly collectiveS: number;
  readonly pointToPointS: number;
}

/** A binary min-heap of (time, sequence) events, so equal times keep their order. */
class Events {
  private readonly heap: { t: number; seq: number; run: () => void }[] = [];
  private seq = 0;
  push(t: number, run: () => void): void {
    const h = this.heap;
    h.push({ t, seq: this.seq++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (before(h[p] as (typeof h)[number], h[i] as (typeof h)[number])) break;
      [h[p], h[i]] = [h[i] as (typeof h)[number], h[p] as (typeof h)[number]];
      i = p;
    }
  }
  pop(): { t: number; run: () => void } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as (typeof h)[number], h[m] as (typeof h)[number])) m = l;
        if (r < h.length && before(h[r] as (typeof h)[number], h[m] as (typeof h)[number])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i] as (typeof h)[number], h[m] as (typeof h)[number]];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: { t: number; seq: number }, b: { t: number; seq: number }) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

/** The traces (index = rank) on `system`, which holds at least as many GPUs. Example: an exported 64-GPU step re-runs to its own step time. */
export function runChakraTraces(system: System, traces: readonly ChakraTrace[], options: ChakraRunOptions = {}): ChakraReport {
  const ranks = traces.length;
  if (ranks === 0) throw new ArgumentError('workload', 'no traces: expected one Chakra trace per rank');
  if (ranks > system.gpus) throw new ArgumentError('gpus', `the traces are of ${ranks} ranks; the system has ${system.gpus} GPUs`);
  const fidelity = options.fidelity ?? 'analytical';
  const session = new CollectiveSession(system);
  const everyone = Array.from({ length: ranks }, (_, i) => i);
  const prices = new Map<string, number>();
  const price = (op: Parameters<typeof runCollective>[1]['op'], group: readonly number[], bytes: number) => {
    if (group.length <= 1 || bytes <= 0) return 0;
    const key = `${op}/${group.join(',')}/${bytes}`;
    let s = prices.get(key);
    if (s === undefined) {
      // Launch costs are in the traces' recorded compute, as train counts them in its kernels (launch: false).
      s = runCollective(session, { op, group: [...group], bytes, algorithm: 'auto', fidelity, launch: false }).timeUs * 1e-6;
      prices.set(key, s);
    }
    return s;
  };
  const events = new Events();
  const states = traces.map((trace, rank) => {
    const byId = new Map<number, State>();
    for (const node of trace.nodes) byId.set(node.id, { rank, node, waiting: 0 });
    return {
      trace,
      byId,
      children: new Map<number, State[]>(),
      computeQueue: [] as State[],
      computeBusyUntil: 0,
      computeS: 0,
      commS: 0,
      lastCompute: undefined as State | undefined,
    };
  });
  for (const r of states) {
    for (const s of r.byId.values()) {
      for (const dep of new Set([...s.node.ctrlDeps, ...s.node.dataDeps])) {
        if (!r.byId.has(dep)) throw new ArgumentError('workload', `${r.trace.file}: node ${s.node.id} depends on node ${dep}, which the trace does not hold`);
        s.waiting++;
        const list = r.children.get(dep) ?? [];
        list.push(s);
        r.children.set(dep, list);
      }
    }
  }
  const collectives = new Map<string, { arrived: number[]; states: State[] }>();
  const issued = new Map<string, number>();
  const sends = new Map<string, State[]>();
  const recvs = new Map<string, State[]>();
  let done = 0;
  let total = 0;
  let last = 0;
  let lastNode: State | undefined;
  const finish = (s: State, t: number) => {
    s.end = t;
    done++;
    if (!lastNode || t > last) lastNode = s;
    last = Math.max(last, t);
    for (const c of states[s.rank]?.children.get(s.node.id) ?? []) {
      c.waiting--;
      if (c.waiting === 0) {
        c.readyAt = t;
        c.readyBy = s;
        events.push(t, () => start(c, t));
      }
    }
  };
  /** Marks `s` begun at `at`, held last by `blocker` (its own readiness unless something later held it). */
  const begin = (s: State, at: number, blocker: State | undefined) => {
    s.begin = at;
    s.blocker = blocker;
  };
  const runCompute = (rank: number, t: number) => {
    const r = states[rank] as (typeof states)[number];
    if (r.computeBusyUntil > t || r.computeQueue.length === 0) return;
    const s = r.computeQueue.shift() as State;
    begin(s, t, (s.readyAt ?? 0) < t ? r.lastCompute : s.readyBy);
    r.lastCompute = s;
    const micros = Math.max(0, s.node.durationMicros);
    const numOps = s.node.attrs.get('num_ops');
    const seconds = micros > 0 ? micros * 1e-6 : typeof numOps === 'number' ? numOps / (system.spec.gpu.peak.bf16 as number) : 0;
    r.computeBusyUntil = t + seconds;
    r.computeS += seconds;
    events.push(t + seconds, () => {
      finish(s, t + seconds);
      runCompute(rank, t + seconds);
    });
  };
  const start = (s: State, t: number) => {
    const { node, rank } = s;
    const r = states[rank] as (typeof states)[number];
    if (node.type === 'COMP_NODE') {
      r.computeQueue.push(s);
      runCompute(rank, t);
      return;
    }
    const bytes = Number(node.attrs.get('comm_size') ?? 0);
    if (node.type === 'COMM_COLL_NODE') {
      const pg = node.attrs.get('pg_name');
      const group = (typeof pg === 'string' && options.groups?.[pg]) || everyone;
      const order = `${rank}|${String(pg)}`;
      const n = issued.get(order) ?? 0;
      issued.set(order, n + 1);
      const key = `${String(pg)}#${n}`;
      const meeting = collectives.get(key) ?? { arrived: [], states: [] };
      meeting.arrived.push(t);
      meeting.states.push(s);
      collectives.set(key, meeting);
      if (meeting.states.length === group.length) {
        const op = COMM_TYPES[Number(node.attrs.get('comm_type'))] ?? 'allreduce';
        const seconds = price(op, group, bytes);
        const at = Math.max(...meeting.arrived);
        const lastIn = meeting.states[meeting.arrived.indexOf(at)] as State;
        for (const m of meeting.states) {
          // Every member ran alongside the last to arrive: each was held by what held that one.
          begin(m, at, lastIn.readyBy);
          (states[m.rank] as (typeof states)[number]).commS += seconds;
          events.push(at + seconds, () => finish(m, at + seconds));
        }
        collectives.delete(key);
      }
      return;
    }
    if (node.type === 'COMM_SEND_NODE' || node.type === 'COMM_RECV_NODE') {
      const send = node.type === 'COMM_SEND_NODE';
      const peer = Number(node.attrs.get(send ? 'comm_dst' : 'comm_src'));
      const key = send ? `${rank}>${peer}#${String(node.attrs.get('comm_tag') ?? 0)}` : `${peer}>${rank}#${String(node.attrs.get('comm_tag') ?? 0)}`;
      const mine = send ? sends : recvs;
      const theirs = send ? recvs : sends;
      const match = theirs.get(key)?.shift();
      if (!match) {
        mine.set(key, [...(mine.get(key) ?? []), s]);
        (s as State & { readyS?: number }).readyS = t;
        return;
      }
      const at = Math.max(t, (match as State & { readyS?: number }).readyS ?? t);
      const seconds = price('sendrecv', send ? [rank, peer] : [peer, rank], bytes);
      // This end arrived last (the match was waiting): what held it held the transfer, on both ends.
      begin(s, at, s.readyBy);
      begin(match, at, s.readyBy);
      for (const m of [s, match]) {
        (states[m.rank] as (typeof states)[number]).commS += seconds;
        events.push(at + seconds, () => finish(m, at + seconds));
      }
      return;
    }
    // Metadata and memory nodes take no time here.
    begin(s, t, s.readyBy);
    events.push(t, () => finish(s, t));
  };
  for (const r of states) {
    for (const s of r.byId.values()) {
      total++;
      if (s.waiting === 0) events.push(0, () => start(s, 0));
    }
  }
  for (let e = events.pop(); e; e = events.pop()) e.run();
  if (done < total) {
    const stuck = states
      .flatMap((r) => [...r.byId.values()].filter((s) => s.end === undefined))
      .sort((a, b) => a.rank - b.rank || a.node.id - b.node.id)[0] as State;
    throw new ArgumentError(
      'workload',
      `${done} of ${total} nodes ran: rank ${stuck.rank}'s node ${stuck.node.id} (${stuck.node.name || stuck.node.type}) never finished (a collective some rank of its group never reaches, a send without its receive, or a cycle of dependencies)`,
    );
  }
  const rank0 = states[0] as (typeof states)[number];
  const path = { nodes: 0, computeS: 0, collectiveS: 0, pointToPointS: 0 };
  const seen = new Set<State>();
  for (let n = lastNode; n && !seen.has(n); n = n.blocker) {
    seen.add(n);
    path.nodes++;
    const spent = (n.end ?? 0) - (n.begin ?? n.end ?? 0);
    if (n.node.type === 'COMP_NODE') path.computeS += spent;
    else if (n.node.type === 'COMM_COLL_NODE') path.collectiveS += spent;
    else if (n.node.type === 'COMM_SEND_NODE' || n.node.type === 'COMM_RECV_NODE') path.pointToPointS += spent;
  }
  return {
    system: system.spec.name,
    ranks,
    nodes: total,
    fidelity,
    stepTimeS: last,
    computeS: rank0.computeS,
    exposedCommS: Math.max(0, last - rank0.computeS),
    commS: rank0.commS,
    criticalPath: path,
  };
}
