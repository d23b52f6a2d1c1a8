/** Background traffic on the scale-out NICs at flow fidelity: a capped flow on each NIC's links, beside a collective's flows. */

import type { NetworkSimulation } from '../network/index.js';
import type { Topology } from '../topology/topology.js';

/** Seconds a background flow is sized to last: far past any collective, which ends the run first. */
const BACKGROUND_HORIZON_S = 1e6;

/** One capped flow on each scale-out link that leaves a NIC, `perGpu` bytes/s spread over a GPU's NIC links. */
export function addBackground(sim: NetworkSimulation, topo: Topology, perGpu: number): void {
  const links = new Map<number, number[]>();
  topo.links.forEach((l, i) => {
    const nic = topo.nodes[l.from];
    if (l.layer !== 'scale-out' || nic?.kind !== 'nic' || nic.rank === undefined) return;
    const own = links.get(nic.rank) ?? [];
    own.push(i);
    links.set(nic.rank, own);
  });
  for (const own of links.values()) {
    const rate = perGpu / own.length;
    for (const link of own) sim.addFlow({ route: Int32Array.of(link), bytes: rate * BACKGROUND_HORIZON_S, rateCap: rate });
  }
}
