/** Routes a transfer over the transport a collective library would pick: peers of one scale-up domain over its fabric alone. */

import { Router, type RouteTable, type RoutingMode } from '../topology/ecmp.js';
import type { Topology } from '../topology/topology.js';

/**
 * NCCL connects two ranks with the first transport that can (NVIDIA/nccl src/transport.cc, selectTransport: P2P,
 * SHM, then NET): peers of one NVLink domain always talk over NVLink, never over their NICs. A router on the whole
 * graph does not know that. Where a two-tier scale-up fabric and a rail-optimized scale-out network are both 4 hops
 * between same-rail GPUs of different nodes (GPU - L1 - L2 - L1 - GPU against GPU - NIC - leaf - NIC - GPU), ECMP
 * stripes the transfer over both first links by capacity. Example: CloudMatrix384 ranks 0 and 8 would send 14% of
 * their bytes (63 of 455 GB/s: the NIC's PCIe Gen5 x16 beside 392 GB/s of UB) through their NICs, and the transfer
 * would end when that stripe arrives, after the scale-out step latency (14 us on Simple against 3.4 us).
 */
export class TransportRouter {
  private readonly all: Router;
  private readonly scaleUp: Router;
  /** Scale-up domain of each node, -1 for nodes outside every domain (hosts, NICs, scale-out switches). */
  private readonly domain: Int32Array;

  constructor(topo: Topology, mode: RoutingMode) {
    this.all = new Router(topo, { mode });
    this.scaleUp = new Router(scaleUpView(topo), { mode });
    this.domain = Int32Array.from(topo.nodes, (n) => n.domain ?? -1);
  }

  /** Router.appendStripes on the scale-up fabric when `src` and `dst` share a domain, else on every network. */
  appendStripes(src: number, dst: number, key: number, table: RouteTable): number {
    const d = this.domain[src] as number;
    const router = d >= 0 && d === this.domain[dst] ? this.scaleUp : this.all;
    return router.appendStripes(src, dst, key, table);
  }
}

/**
 * One router per topology and mode: building one walks the whole graph twice, and a training run executes thousands
 * of schedules on one topology. Sharing is safe: a route depends on the graph, the pair and the flow key alone.
 */
const ROUTERS = new WeakMap<Topology, Map<RoutingMode, TransportRouter>>();

/** The TransportRouter of `topo` for `mode`, built on first use. */
export function transportRouter(topo: Topology, mode: RoutingMode): TransportRouter {
  let byMode = ROUTERS.get(topo);
  if (!byMode) {
    byMode = new Map();
    ROUTERS.set(topo, byMode);
  }
  let router = byMode.get(mode);
  if (!router) {
    router = new TransportRouter(topo, mode);
    byMode.set(mode, router);
  }
  return router;
}

/**
 * The same nodes and links (so link ids carry over) with only the scale-up links in the adjacency: routes found on
 * it are routes of `topo`.
 */
export function scaleUpView(topo: Topology): Topology {
  const keep = (id: number) => topo.links[id]?.layer === 'scale-up';
  const outStart = new Int32Array(topo.nodes.length + 1);
  const outLinks: number[] = [];
  for (let v = 0; v < topo.nodes.length; v++) {
    for (let i = topo.outStart[v] as number; i < (topo.outStart[v + 1] as number); i++) {
      if (keep(topo.outLinks[i] as number)) outLinks.push(topo.outLinks[i] as number);
    }
    outStart[v + 1] = outLinks.length;
  }
  return { ...topo, outStart, outLinks: Int32Array.from(outLinks) };
}
