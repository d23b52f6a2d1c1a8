/** The topology graph: nodes (GPUs, switches, NICs, hosts, memory pools) and directed links with capacity and latency. */

import type { BytesPerSecond, Seconds } from '../units/units.js';

export type NodeKind = 'gpu' | 'cpu' | 'nic' | 'switch' | 'memory' | 'storage' | 'fabric';
export type Layer = 'scale-up' | 'scale-out' | 'dcn' | 'host' | 'cxl';

export interface TopologyNode {
  readonly id: number;
  readonly kind: NodeKind;
  readonly name: string;
  readonly layer: Layer;
  /** Switch tier name (leaf, spine, ...) for switches. */
  readonly tier?: string;
  readonly plane?: number;
  readonly server?: number;
  readonly domain?: number;
  /** For a NIC, the rank of the GPU it belongs to (beside it, or pooled on its domain's scale-up switches). */
  readonly rank?: number;
  /** Latency a message spends crossing this node (switch port-to-port, NIC processing). */
  readonly latency: Seconds;
}

/** One direction of a physical link; its reverse is the link with id `id ^ 1`. */
export interface TopologyLink {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  /** Raw capacity of this direction. */
  readonly capacity: BytesPerSecond;
  readonly latency: Seconds;
  readonly layer: Layer;
  /** Parallel physical links (or lanes) bundled into this one. */
  readonly width: number;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly links: readonly TopologyLink[];
  /** GPU node ids in rank order. */
  readonly gpus: Int32Array;
  /** CSR adjacency: the outgoing link ids of node n are outLinks[outStart[n] .. outStart[n+1]). */
  readonly outStart: Int32Array;
  readonly outLinks: Int32Array;
}

/** Only switches, NICs and fabric nodes forward traffic; GPUs, hosts and memory are endpoints. */
export function forwards(node: TopologyNode): boolean {
  return node.kind === 'switch' || node.kind === 'nic' || node.kind === 'fabric';
}

/** Accumulates nodes and bidirectional links, then freezes them into a Topology. */
export class TopologyBuilder {
  private readonly nodes: TopologyNode[] = [];
  private readonly links: TopologyLink[] = [];
  private readonly gpuIds: number[] = [];

  addNode(node: Omit<TopologyNode, 'id'>): number {
    const id = this.nodes.length;
    this.nodes.push({ ...node, id });
    if (node.kind === 'gpu') this.gpuIds.push(id);
    return id;
  }

  /** Adds both directions of a link of `capacity` per direction. */
  connect(a: number, b: number, capacity: BytesPerSecond, latency: Seconds, layer: Layer, width = 1): void {
    const id = this.links.length;
    this.links.push({ id, from: a, to: b, capacity, latency, layer, width });
    this.links.push({ id: id + 1, from: b, to: a, capacity, latency, layer, width });
  }

  build(): Topology {
    const n = this.nodes.length;
    const outStart = new Int32Array(n + 1);
    for (const link of this.links) outStart[link.from + 1] = (outStart[link.from + 1] ?? 0) + 1;
    for (let i = 0; i < n; i++) outStart[i + 1] = (outStart[i + 1] ?? 0) + (outStart[i] ?? 0);
    const fill = outStart.slice(0, n);
    const outLinks = new Int32Array(this.links.length);
    for (const link of this.links) {
      const at = fill[link.from] ?? 0;
      outLinks[at] = link.id;
      fill[link.from] = at + 1;
    }
    return { nodes: this.nodes, links: this.links, gpus: Int32Array.from(this.gpuIds), outStart, outLinks };
  }
}
