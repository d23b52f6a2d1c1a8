/** The busiest links of a flow run, bytes carried against what the link could carry over the run, and how many of the NICs the run's traffic used. */

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

/** The NICs of the run's system and the ones whose links into the scale-out fabric carried bytes, with their rates. */
export interface NicUse {
  readonly nics: number;
  readonly sending: number;
  /** Slowest and fastest mean rate of a sending NIC's fabric link, GB/s; 0 when none sends. */
  readonly minGBps: number;
  readonly maxGBps: number;
}

export function nicUse(topo: Topology, run: ExecutionResult): NicUse {
  const rates = new Map<number, number>();
  let nics = 0;
  for (const node of topo.nodes) if (node.kind === 'nic') nics++;
  topo.links.forEach((link, i) => {
    if (topo.nodes[link.from]?.kind !== 'nic' || link.layer !== 'scale-out') return;
    const bytes = run.linkBytes[i] ?? 0;
    if (bytes > 0) rates.set(link.from, (rates.get(link.from) ?? 0) + bytes / run.makespan / 1e9);
  });
  const values = [...rates.values()];
  return { nics, sending: values.length, minGBps: values.length ? Math.min(...values) : 0, maxGBps: values.length ? Math.max(...values) : 0 };
}
