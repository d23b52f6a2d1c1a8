/** Resolves schedule endpoints (a rank, or the scale-up switch next to a rank) to topology nodes. */

import type { Endpoint } from '../collectives/types.js';
import type { Topology } from '../topology/topology.js';

/** Node of GPU `ranks[i]`, or of the scale-up switch it attaches to (its first scale-up neighbour). */
export function endpointNode(topo: Topology, ranks: readonly number[], endpoint: Endpoint): number {
  if ('rank' in endpoint) return gpuNode(topo, ranks, endpoint.rank);
  const gpu = gpuNode(topo, ranks, endpoint.switchOfRank);
  for (let i = topo.outStart[gpu] as number; i < (topo.outStart[gpu + 1] as number); i++) {
    const link = topo.links[topo.outLinks[i] as number];
    if (link?.layer === 'scale-up') return link.to;
  }
  throw new Error(`GPU ${ranks[endpoint.switchOfRank]} has no scale-up switch`);
}

function gpuNode(topo: Topology, ranks: readonly number[], index: number): number {
  const rank = ranks[index];
  const node = rank === undefined ? undefined : topo.gpus[rank];
  if (node === undefined) throw new Error(`schedule names rank index ${index}, but the group has ${ranks.length} ranks`);
  return node;
}
