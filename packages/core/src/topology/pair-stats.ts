/** GPU-to-GPU reach from one GPU: switches crossed and one-way latency over shortest paths, to every other GPU. */

import { forwards, type Topology } from './topology.js';

export interface PairStats {
  /** GPUs reachable from the source (not counting itself). */
  readonly reachable: number;
  readonly switchHopsMin: number;
  readonly switchHopsMax: number;
  /** One-way latency of the fastest shortest path, nearest and farthest GPU (seconds). */
  readonly latencyMinS: number;
  readonly latencyMaxS: number;
}

/**
 * One BFS from GPU `rank`, with a dynamic programme over the BFS layers that keeps, per node, the
 * lowest latency and its switch count among shortest paths. Symmetric fabrics make one source representative.
 */
export type PairScope = 'all' | 'same-domain' | 'other-domain';

export function pairStatsFrom(topo: Topology, rank: number, scope: PairScope = 'all'): PairStats {
  const n = topo.nodes.length;
  const src = topo.gpus[rank] as number;
  const dist = new Int32Array(n).fill(-1);
  const latency = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const switches = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  dist[src] = 0;
  latency[src] = 0;
  queue[tail++] = src;
  while (head < tail) {
    const u = queue[head++] as number;
    const node = topo.nodes[u] as (typeof topo.nodes)[number];
    if (u !== src && !forwards(node)) continue;
    const through = (latency[u] as number) + (u === src ? 0 : node.latency);
    const crossed = (switches[u] as number) + (u !== src && node.kind === 'switch' ? 1 : 0);
    for (let i = topo.outStart[u] as number; i < (topo.outStart[u + 1] as number); i++) {
      const link = topo.links[topo.outLinks[i] as number] as (typeof topo.links)[number];
      const v = link.to;
      if (dist[v] === -1) {
        dist[v] = (dist[u] as number) + 1;
        queue[tail++] = v;
      }
      if (dist[v] !== (dist[u] as number) + 1) continue;
      const arrive = through + link.latency;
      if (arrive < (latency[v] as number)) {
        latency[v] = arrive;
        switches[v] = crossed;
      }
    }
  }
  const srcDomain = topo.nodes[src]?.domain;
  let reachable = 0;
  let hopsMin = Number.POSITIVE_INFINITY;
  let hopsMax = 0;
  let latMin = Number.POSITIVE_INFINITY;
  let latMax = 0;
  for (const g of topo.gpus) {
    if (g === src || dist[g] === -1) continue;
    const same = topo.nodes[g]?.domain === srcDomain;
    if ((scope === 'same-domain' && !same) || (scope === 'other-domain' && same)) continue;
    reachable++;
    hopsMin = Math.min(hopsMin, switches[g] as number);
    hopsMax = Math.max(hopsMax, switches[g] as number);
    latMin = Math.min(latMin, latency[g] as number);
    latMax = Math.max(latMax, latency[g] as number);
  }
  if (reachable === 0) return { reachable, switchHopsMin: 0, switchHopsMax: 0, latencyMinS: 0, latencyMaxS: 0 };
  return { reachable, switchHopsMin: hopsMin, switchHopsMax: hopsMax, latencyMinS: latMin, latencyMaxS: latMax };
}
