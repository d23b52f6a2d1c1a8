/** ECMP routing for flows: hop-by-hop hashing over equal-cost next hops, with striping over a source's parallel ports. */

import { forwards, type Topology } from './topology.js';

/** One route of a transfer and the share of the transfer's bytes it carries. */
export interface Stripe {
  readonly route: Int32Array;
  readonly share: number;
}

export type RoutingMode = 'ecmp' | 'spray';

export interface RouterOptions {
  /**
   * `ecmp`: every switch picks one next hop per flow by a deterministic hash of (source, destination, flow key),
   * as switches hash 5-tuples. `spray`: the flow is split evenly over up to `sprayWidth` hashed paths,
   * the fluid picture of per-packet spraying.
   */
  readonly mode?: RoutingMode;
  readonly sprayWidth?: number;
  /** Distance tables kept (one per recent destination); each costs 4 bytes per node. */
  readonly cacheSize?: number;
}

/** A 32-bit integer mix (murmur3 finaliser): deterministic on every machine. */
export function mix32(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15) ^ c, 0x27d4eb2d) ^ Math.imul(d + 0x165667b1, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Router {
  private readonly cache = new Map<number, Int32Array>();
  private readonly mode: RoutingMode;
  private readonly sprayWidth: number;
  private readonly cacheSize: number;
  private readonly forwarding: Uint8Array;
  private readonly linkTo: Int32Array;
  private scratch = new Int32Array(64);
  private scratchCount = 0;

  constructor(
    private readonly topo: Topology,
    options: RouterOptions = {},
  ) {
    this.mode = options.mode ?? 'ecmp';
    this.sprayWidth = options.sprayWidth ?? 8;
    this.cacheSize = options.cacheSize ?? 256;
    this.forwarding = Uint8Array.from(topo.nodes, (n) => (forwards(n) ? 1 : 0));
    this.linkTo = Int32Array.from(topo.links, (l) => l.to);
  }

  /**
   * Stripes of a transfer from node `src` to node `dst`: one per first link of a shortest path (GPUs stripe over
   * their parallel ports), shares proportional to those links' capacities; beyond the first hop each stripe
   * follows the hash. Example: a GPU with two NIC ports of 200G to two leaves -> two stripes of share 0.5.
   */
  stripes(src: number, dst: number, key: number): Stripe[] {
    if (src === dst) return [{ route: new Int32Array(0), share: 1 }];
    const dist = this.distanceTo(dst);
    if ((dist[src] ?? -1) < 0) throw new Error(`no route from ${this.topo.nodes[src]?.name} to ${this.topo.nodes[dst]?.name}`);
    this.nextLinks(src, dst, dist);
    const first = Array.from(this.scratch.subarray(0, this.scratchCount));
    const total = first.reduce((s, l) => s + (this.topo.links[l]?.capacity ?? 0), 0);
    const out: Stripe[] = [];
    first.forEach((link, i) => {
      const share = (this.topo.links[link]?.capacity ?? 0) / total;
      const ways = this.mode === 'spray' ? this.sprayWidth : 1;
      for (let w = 0; w < ways; w++) out.push({ route: this.walk(link, dst, dist, mix32(src, dst, key, i * 131 + w)), share: share / ways });
    });
    return out;
  }

  /** Hop-count distance from every node to `dst` through forwarding nodes only (-1: unreachable); cached. */
  distanceTo(dst: number): Int32Array {
    const hit = this.cache.get(dst);
    if (hit) {
      this.cache.delete(dst);
      this.cache.set(dst, hit);
      return hit;
    }
    const dist = this.bfs(dst);
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(dst, dist);
    return dist;
  }

  private bfs(dst: number): Int32Array {
    const { topo } = this;
    const dist = new Int32Array(topo.nodes.length).fill(-1);
    const queue = new Int32Array(topo.nodes.length);
    let head = 0;
    let tail = 0;
    dist[dst] = 0;
    queue[tail++] = dst;
    while (head < tail) {
      const v = queue[head++] as number;
      if (v !== dst && this.forwarding[v] === 0) continue;
      for (let i = topo.outStart[v] as number; i < (topo.outStart[v + 1] as number); i++) {
        const u = (topo.links[topo.outLinks[i] as number] as (typeof topo.links)[number]).to;
        if (dist[u] !== -1) continue;
        dist[u] = (dist[v] as number) + 1;
        queue[tail++] = u;
      }
    }
    return dist;
  }

  /** Out-links of `v` one hop nearer to `dst`, into a node that forwards or is `dst`: into scratch[0 .. scratchCount). */
  private nextLinks(v: number, dst: number, dist: Int32Array): void {
    const { topo } = this;
    const want = (dist[v] as number) - 1;
    let count = 0;
    const end = topo.outStart[v + 1] as number;
    if (this.scratch.length < end - (topo.outStart[v] as number)) this.scratch = new Int32Array(2 * (end - (topo.outStart[v] as number)));
    for (let i = topo.outStart[v] as number; i < end; i++) {
      const id = topo.outLinks[i] as number;
      const to = this.linkTo[id] as number;
      if (dist[to] === want && (to === dst || this.forwarding[to] === 1)) this.scratch[count++] = id;
    }
    this.scratchCount = count;
  }

  private walk(firstLink: number, dst: number, dist: Int32Array, hash: number): Int32Array {
    let v = this.linkTo[firstLink] as number;
    const route = new Int32Array((dist[v] as number) + 1);
    route[0] = firstLink;
    let hop = 1;
    let h = hash;
    while (v !== dst) {
      this.nextLinks(v, dst, dist);
      const link = this.scratch[h % this.scratchCount] as number;
      route[hop++] = link;
      v = this.linkTo[link] as number;
      h = mix32(h, hop, v, 0x2545f491);
    }
    return route;
  }
}
