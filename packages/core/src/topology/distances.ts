/** Hop distances to a destination through forwarding nodes, one breadth-first search per destination, cached. */

import { forwards, type Topology } from './topology.js';

/**
 * `hops(v)` is the number of links on a shortest path from v to the destination whose only inner nodes forward
 * (switches, NICs, fabrics); -1 when there is none.
 *
 * A stub is a forwarding node with a single forwarding neighbour (a NIC: its GPU on one side, one leaf on the
 * other). Every route leaves a stub through that neighbour, so the search never enters stubs: their distance is
 * their neighbour's plus one, worked out when asked. On a 16,384-GPU cluster this makes one search visit the
 * few thousand switches instead of every NIC. Non-forwarding nodes (GPUs, hosts) get their distance from their
 * forwarding neighbours when asked, as the source of a route is. Neighbours of the destination are labelled
 * directly, so a stub next to it reads 1.
 *
 * Example: GPU a - NIC a - leaf - NIC b - GPU b. To GPU b: NIC b 1 (next to it), leaf 2, NIC a 3 (stub:
 * leaf + 1), GPU a 4 (its forwarding neighbour NIC a + 1).
 */
export class Distances {
  private readonly forwarding: Uint8Array;
  /** The single forwarding neighbour of a stub; -1 for other nodes. */
  private readonly stubParent: Int32Array;
  /** CSR of each node's neighbours that forward and are not stubs: where the search goes. */
  private readonly coreStart: Int32Array;
  private readonly coreTo: Int32Array;
  private readonly queue: Int32Array;
  private readonly cache = new Map<number, Int32Array>();
  private labels: Int32Array;
  private destination = -1;

  constructor(
    private readonly topo: Topology,
    private readonly cacheSize = 64,
  ) {
    const n = topo.nodes.length;
    this.forwarding = Uint8Array.from(topo.nodes, (node) => (forwards(node) ? 1 : 0));
    this.stubParent = new Int32Array(n).fill(-1);
    for (let v = 0; v < n; v++) {
      if (this.forwarding[v] === 0) continue;
      let parent = -1;
      let count = 0;
      this.eachNeighbour(v, (u) => {
        if (this.forwarding[u] === 1 && u !== parent) {
          parent = u;
          count++;
        }
      });
      if (count === 1) this.stubParent[v] = parent;
    }
    const core: number[][] = Array.from({ length: n }, () => []);
    for (let v = 0; v < n; v++) this.eachNeighbour(v, (u) => this.forwarding[u] === 1 && this.stubParent[u] === -1 && core[v]?.push(u));
    this.coreStart = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) this.coreStart[v + 1] = (this.coreStart[v] as number) + (core[v]?.length ?? 0);
    this.coreTo = Int32Array.from(core.flat());
    this.queue = new Int32Array(n);
    this.labels = new Int32Array(n).fill(-1);
  }

  /** Whether v is a stub: only a route that starts or ends next to it passes through it. */
  isStub(v: number): boolean {
    return (this.stubParent[v] as number) >= 0;
  }

  /** Makes `dst` the destination `hops` answers for. */
  select(dst: number): void {
    if (dst === this.destination) return;
    const hit = this.cache.get(dst);
    if (hit) {
      this.cache.delete(dst);
      this.cache.set(dst, hit);
      this.labels = hit;
    } else {
      let buffer: Int32Array;
      if (this.cache.size >= this.cacheSize) {
        const oldest = this.cache.keys().next().value as number;
        buffer = this.cache.get(oldest) as Int32Array;
        this.cache.delete(oldest);
      } else {
        buffer = new Int32Array(this.topo.nodes.length);
      }
      this.search(dst, buffer);
      this.cache.set(dst, buffer);
      this.labels = buffer;
    }
    this.destination = dst;
  }

  /** Distance from v to the selected destination, -1 when unreachable. */
  hops(v: number): number {
    const d = this.labels[v] as number;
    if (d >= 0) return d;
    const parent = this.stubParent[v] as number;
    if (parent >= 0) {
      const dp = this.labels[parent] as number;
      return dp < 0 ? -1 : dp + 1;
    }
    if (this.forwarding[v] === 1) return -1;
    let best = -1;
    const { outStart, outLinks, links } = this.topo;
    for (let i = outStart[v] as number, end = outStart[v + 1] as number; i < end; i++) {
      const u = (links[outLinks[i] as number] as (typeof links)[number]).to;
      if (this.forwarding[u] === 0) continue;
      const du = this.hops(u);
      if (du >= 0 && (best < 0 || du + 1 < best)) best = du + 1;
    }
    return best;
  }

  /**
   * Whether forwarding node (or destination) `v` is `want` hops from the destination: `hops(v) === want` for the
   * nodes a route passes, without a call per candidate link on hot paths.
   */
  is(v: number, want: number): boolean {
    const d = this.labels[v] as number;
    if (d >= 0) return d === want;
    const parent = this.stubParent[v] as number;
    return parent >= 0 && (this.labels[parent] as number) >= 0 && (this.labels[parent] as number) + 1 === want;
  }

  private search(dst: number, labels: Int32Array): void {
    labels.fill(-1);
    labels[dst] = 0;
    const { queue, coreStart, coreTo } = this;
    let tail = 0;
    if (this.forwarding[dst] === 1) queue[tail++] = dst;
    // Every forwarding neighbour of the destination is one hop away, stubs included (they are searched from too).
    this.eachNeighbour(dst, (u) => {
      if (this.forwarding[u] === 1 && labels[u] === -1) {
        labels[u] = 1;
        queue[tail++] = u;
      }
    });
    let head = 0;
    while (head < tail) {
      const v = queue[head++] as number;
      const next = (labels[v] as number) + 1;
      for (let i = coreStart[v] as number, end = coreStart[v + 1] as number; i < end; i++) {
        const u = coreTo[i] as number;
        if (labels[u] !== -1) continue;
        labels[u] = next;
        queue[tail++] = u;
      }
    }
  }

  private eachNeighbour(v: number, visit: (u: number) => unknown): void {
    const { outStart, outLinks, links } = this.topo;
    for (let i = outStart[v] as number, end = outStart[v + 1] as number; i < end; i++) visit((links[outLinks[i] as number] as (typeof links)[number]).to);
  }
}
