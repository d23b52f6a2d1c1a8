/** Checks before a flow run on a degraded system: every rank of a group must still reach its peers over the fabric NCCL would use. */

import { ConfigError } from '../base/errors.js';
import type { System } from '../system/system.js';
import type { Topology } from '../topology/topology.js';

/**
 * Throws a ConfigError naming the first GPU the failures cut off from a peer: peers in its scale-up domain need one of
 * its scale-up links, peers in other domains one of its working NIC ports (a NIC with no surviving link to a leaf).
 * Without the check a cut-off GPU would surface as a routing failure deep in the flow engine.
 */
export function checkReachable(system: System, topo: Topology, groups: readonly (readonly number[])[]): void {
  const domainSize = system.spec.scaleUp.domainSize;
  for (const group of groups) {
    const domains = new Map<number, number>();
    for (const r of group) domains.set(Math.floor(r / domainSize), (domains.get(Math.floor(r / domainSize)) ?? 0) + 1);
    for (const rank of group) {
      const gpu = topo.gpus[rank] as number;
      const mine = domains.get(Math.floor(rank / domainSize)) ?? 0;
      if (mine > 1 && !hasLink(topo, gpu, (l) => l === 'scale-up')) {
        throw new ConfigError(['failures'], `GPU ${rank} is cut off from its scale-up domain: every scale-up link it has failed`);
      }
      if (mine < group.length && !hasNicPort(topo, gpu)) {
        throw new ConfigError(
          ['failures'],
          `GPU ${rank} is cut off from the scale-out network: none of its NIC ports works, so it cannot reach ranks in other domains`,
        );
      }
    }
  }
}

function hasLink(topo: Topology, node: number, layer: (l: string) => boolean): boolean {
  for (let i = topo.outStart[node] as number; i < (topo.outStart[node + 1] as number); i++) {
    if (layer((topo.links[topo.outLinks[i] as number] as Topology['links'][number]).layer)) return true;
  }
  return false;
}

/** A working NIC port beside the GPU, or, with NICs pooled on the scale-up switches, on a switch the GPU reaches. */
function hasNicPort(topo: Topology, gpu: number): boolean {
  const working = (node: number) => topo.nodes[node]?.kind === 'nic' && hasLink(topo, node, (l) => l === 'scale-out');
  for (let i = topo.outStart[gpu] as number; i < (topo.outStart[gpu + 1] as number); i++) {
    const link = topo.links[topo.outLinks[i] as number] as Topology['links'][number];
    if (working(link.to)) return true;
    if (link.layer !== 'scale-up') continue;
    for (let j = topo.outStart[link.to] as number; j < (topo.outStart[link.to + 1] as number); j++) {
      const next = topo.links[topo.outLinks[j] as number] as Topology['links'][number];
      if (next.layer === 'host' && working(next.to)) return true;
    }
  }
  return false;
}
