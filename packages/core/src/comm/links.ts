/** The busiest links of a flow run: bytes carried against what the link could carry over the run. */

import type { Topology } from '../topology/topology.js';
import type { ExecutionResult } from './execute.js';

export interface LinkLoad {
  readonly link: string;
  readonly layer: string;
  readonly bytes: number;
  /** Mean rate over the run, GB/s. */
  readonly meanGBps: number;
  /** Mean rate over payload capacity, 0-1. */
  readonly utilisation: number;
}

export function busiestLinks(topo: Topology, run: ExecutionResult, top = 10): LinkLoad[] {
  const loads: LinkLoad[] = [];
  run.linkBytes.forEach((bytes, i) => {
    if (bytes <= 0) return;
    const link = topo.links[i] as (typeof topo.links)[number];
    const mean = bytes / run.makespan;
    loads.push({
      link: `${topo.nodes[link.from]?.name} -> ${topo.nodes[link.to]?.name}`,
      layer: link.layer,
      bytes,
      meanGBps: mean / 1e9,
      utilisation: mean / (run.linkCapacity[i] as number),
    });
  });
  return loads.sort((a, b) => b.utilisation - a.utilisation || a.link.localeCompare(b.link)).slice(0, top);
}
