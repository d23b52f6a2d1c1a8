/** Routes a transfer over the transport a collective library would pick: peers of one scale-up domain over its fabric alone. */

import { Router, RouteTable, type RoutingMode } from '../topology/ecmp.js';
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
  /** With NICs pooled on the scale-up switches: each GPU's own working NICs, and a router on the scale-out links alone. */
  private readonly pooled?: { readonly homes: Map<number, readonly HomeNic[]>; readonly scaleOut: Router; readonly scratch: RouteTable };

  constructor(topo: Topology, mode: RoutingMode) {
    this.all = new Router(topo, { mode });
    this.scaleUp = new Router(scaleUpView(topo), { mode });
    this.domain = Int32Array.from(topo.nodes, (n) => n.domain ?? -1);
    const homes = homeNics(topo);
    if (homes.size > 0) this.pooled = { homes, scaleOut: new Router(layerView(topo, 'scale-out'), { mode }), scratch: new RouteTable() };
  }

  /**
   * Router.appendStripes on the scale-up fabric when `src` and `dst` share a domain, else on every network. With pooled
   * NICs a transfer between domains leaves by its GPU's own NICs and arrives by its peer's, as a transport pins a rank's
   * connections to its NIC: over the GPU's scale-up link to its switch, the NIC, the scale-out network alone, and back up
   * the peer's switch (a shortest path on the whole graph would hash each flow onto any NIC of the domain and collide).
   * A GPU whose own NICs all failed leaves by whichever NIC of its domain the shortest path finds.
   */
  appendStripes(src: number, dst: number, key: number, table: RouteTable): number {
    const d = this.domain[src] as number;
    if (d >= 0 && d === this.domain[dst]) return this.scaleUp.appendStripes(src, dst, key, table);
    const pinned = this.pooled ? this.pinnedStripes(this.pooled, src, dst, key, table) : 0;
    return pinned > 0 ? pinned : this.all.appendStripes(src, dst, key, table);
  }

  private pinnedStripes(pooled: NonNullable<TransportRouter['pooled']>, src: number, dst: number, key: number, table: RouteTable): number {
    const from = pooled.homes.get(src);
    const to = pooled.homes.get(dst);
    if (!from || !to || from.length === 0 || to.length === 0) return 0;
    let stripes = 0;
    from.forEach((a, i) => {
      const b = to[i % to.length] as HomeNic;
      const scratch = pooled.scratch;
      scratch.count = 0;
      scratch.size = 0;
      pooled.scaleOut.appendStripes(a.nic, b.nic, key, scratch);
      for (let j = 0; j < scratch.count; j++) {
        table.begin();
        for (const link of a.up) table.push(link);
        for (const link of scratch.route(j)) table.push(link);
        for (const link of b.down) table.push(link);
        table.end((scratch.shares[j] as number) / from.length);
        stripes++;
      }
    });
    return stripes;
  }
}

/** A GPU's own NIC on the scale-up fabric: the NIC node, the links up to it from the GPU and down from it to the GPU. */
interface HomeNic {
  readonly nic: number;
  readonly up: readonly number[];
  readonly down: readonly number[];
}

/**
 * Each GPU's own NICs (a NIC node's `rank`) that hang on a scale-up switch and keep a scale-out link,
 * with the two links from the GPU to each (GPU to switch, switch to NIC) and back; empty where NICs sit beside their GPUs.
 */
function homeNics(topo: Topology): Map<number, readonly HomeNic[]> {
  const homes = new Map<number, HomeNic[]>();
  const linkBetween = (from: number, to: number): number | undefined => {
    for (let i = topo.outStart[from] as number; i < (topo.outStart[from + 1] as number); i++) {
      if (topo.links[topo.outLinks[i] as number]?.to === to) return topo.outLinks[i] as number;
    }
    return undefined;
  };
  topo.nodes.forEach((node, nic) => {
    if (node.kind !== 'nic') return;
    let upSwitch: number | undefined;
    let working = false;
    for (let i = topo.outStart[nic] as number; i < (topo.outStart[nic + 1] as number); i++) {
      const link = topo.links[topo.outLinks[i] as number] as Topology['links'][number];
      if (link.layer === 'scale-out') working = true;
      if (link.layer === 'host' && topo.nodes[link.to]?.kind === 'switch') upSwitch = link.to;
    }
    if (upSwitch === undefined || !working) return;
    const gpu = node.rank === undefined ? undefined : topo.gpus[node.rank];
    if (gpu === undefined) return;
    const gpuUp = linkBetween(gpu, upSwitch);
    const toNic = linkBetween(upSwitch, nic);
    if (gpuUp === undefined || toNic === undefined) return;
    const own = homes.get(gpu) ?? [];
    own.push({ nic, up: [gpuUp, toNic], down: [toNic ^ 1, gpuUp ^ 1] });
    homes.set(gpu, own);
  });
  return homes;
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
  return layerView(topo, 'scale-up');
}

/** The same nodes and links with only one layer's links in the adjacency: routes found on it are routes of `topo`. */
export function layerView(topo: Topology, layer: Topology['links'][number]['layer']): Topology {
  const keep = (id: number) => topo.links[id]?.layer === layer;
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
