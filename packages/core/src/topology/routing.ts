/** Shortest-path routing on a Topology: BFS layers, every equal-cost path between two endpoints, and ECMP path choice. */

import { forwards, type Topology } from './topology.js';

/** Link-hop distance from `src` to every node (-1 where unreachable); only forwarding nodes relay. */
export function bfsDistances(topo: Topology, src: number): Int32Array {
  const dist = new Int32Array(topo.nodes.length).fill(-1);
  const queue = new Int32Array(topo.nodes.length);
  let head = 0;
  let tail = 0;
  dist[src] = 0;
  queue[tail++] = src;
  while (head < tail) {
    const u = queue[head++] as number;
    if (u !== src && !forwards(topo.nodes[u] as (typeof topo.nodes)[number])) continue;
    const du = dist[u] as number;
    for (let i = topo.outStart[u] as number; i < (topo.outStart[u + 1] as number); i++) {
      const v = (topo.links[topo.outLinks[i] as number] as (typeof topo.links)[number]).to;
      if (dist[v] !== -1) continue;
      dist[v] = du + 1;
      queue[tail++] = v;
    }
  }
  return dist;
}

/**
 * The shortest-path DAG from `src` to `dst`: for every node on some shortest path, the links that enter it
 * from the previous layer, and how many shortest paths reach it. Paths are lists of directed link ids.
 */
export interface PathDag {
  readonly src: number;
  readonly dst: number;
  readonly hops: number;
  /** Number of equal-cost shortest paths from src to dst. */
  readonly count: number;
  readonly predLinks: ReadonlyMap<number, readonly number[]>;
  readonly pathsTo: ReadonlyMap<number, number>;
}

export function shortestPathDag(topo: Topology, src: number, dst: number, dist: Int32Array = bfsDistances(topo, src)): PathDag {
  const hops = dist[dst] ?? -1;
  const predLinks = new Map<number, number[]>();
  const pathsTo = new Map<number, number>([[src, 1]]);
  if (hops < 0) return { src, dst, hops, count: 0, predLinks, pathsTo };
  // Walk back from dst through nodes one hop nearer; collect them layer by layer.
  let layer = [dst];
  const onDag = new Set<number>([dst]);
  const layers: number[][] = [layer];
  while (layer.length > 0 && !(layer.length === 1 && layer[0] === src)) {
    const next: number[] = [];
    for (const v of layer) {
      const preds: number[] = [];
      for (let i = topo.outStart[v] as number; i < (topo.outStart[v + 1] as number); i++) {
        const back = topo.links[topo.outLinks[i] as number] as (typeof topo.links)[number];
        const u = back.to;
        if (dist[u] !== (dist[v] as number) - 1) continue;
        if (u !== src && !forwards(topo.nodes[u] as (typeof topo.nodes)[number])) continue;
        preds.push(back.id ^ 1);
        if (!onDag.has(u)) {
          onDag.add(u);
          next.push(u);
        }
      }
      predLinks.set(v, preds);
    }
    layer = next;
    layers.push(layer);
  }
  for (let i = layers.length - 2; i >= 0; i--) {
    for (const v of layers[i] ?? []) {
      let n = 0;
      for (const l of predLinks.get(v) ?? []) n += pathsTo.get((topo.links[l] as (typeof topo.links)[number]).from) ?? 0;
      pathsTo.set(v, n);
    }
  }
  return { src, dst, hops, count: pathsTo.get(dst) ?? 0, predLinks, pathsTo };
}

/**
 * The `index`-th equal-cost path (0 <= index < count) as directed link ids, src to dst: unranking through the
 * DAG's path counts, so ECMP can pick a path by hash without listing them all.
 */
export function pathAt(topo: Topology, dag: PathDag, index: number): number[] {
  if (dag.count === 0) throw new Error(`no path from node ${dag.src} to node ${dag.dst}`);
  let rest = ((index % dag.count) + dag.count) % dag.count;
  const path: number[] = [];
  let v = dag.dst;
  while (v !== dag.src) {
    for (const l of dag.predLinks.get(v) ?? []) {
      const u = (topo.links[l] as (typeof topo.links)[number]).from;
      const n = dag.pathsTo.get(u) ?? 0;
      if (rest < n) {
        path.push(l);
        v = u;
        break;
      }
      rest -= n;
    }
  }
  return path.reverse();
}

/** Every equal-cost path from src to dst, up to `limit` of them. */
export function equalCostPaths(topo: Topology, src: number, dst: number, limit = 1024): number[][] {
  const dag = shortestPathDag(topo, src, dst);
  return Array.from({ length: Math.min(dag.count, limit) }, (_, i) => pathAt(topo, dag, i));
}

/** Switches a path crosses and its one-way latency: link latencies plus the latency of each node it crosses. */
export function pathStats(topo: Topology, path: readonly number[]): { switches: number; latency: number } {
  let switches = 0;
  let latency = 0;
  path.forEach((l, i) => {
    const link = topo.links[l] as (typeof topo.links)[number];
    latency += link.latency;
    if (i < path.length - 1) {
      const node = topo.nodes[link.to] as (typeof topo.nodes)[number];
      latency += node.latency;
      if (node.kind === 'switch') switches++;
    }
  });
  return { switches, latency };
}
