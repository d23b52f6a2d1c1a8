/** ECMP routing for flows: hop-by-hop hashing over equal-cost next hops, with striping over a source's parallel ports. */

import { Distances } from './distances.js';
import { forwards, type Topology } from './topology.js';

/** One route of a transfer and the share of the transfer's bytes it carries. */
export interface Stripe {
  readonly route: Int32Array;
  readonly share: number;
}

export type RoutingMode = 'ecmp' | 'spray' | 'adaptive';

export interface RouterOptions {
  /**
   * `ecmp`: every switch picks one next hop per flow by a deterministic hash of (source, destination, flow key),
   * as switches hash 5-tuples, each physical link of a trunk equally likely. `spray`: the flow is split evenly over
   * up to `sprayWidth` hashed paths, the fluid picture of per-packet spraying. `adaptive`: at the first switch with
   * a choice the flow splits over its equal-cost next hops (up to `sprayWidth`, spread evenly), shares by capacity.
   * Flow runs route adaptively on the pooled topology view (TopologyOptions.switches), where a Clos has no choice
   * left and this split only matters for what pooling cannot merge.
   */
  readonly mode?: RoutingMode;
  readonly sprayWidth?: number;
  /** Distance tables kept (one per recent destination); each costs 4 bytes per node. Default 64. */
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
  private readonly distances: Distances;
  private readonly mode: RoutingMode;
  private readonly sprayWidth: number;
  private readonly forwarding: Uint8Array;
  private readonly linkTo: Int32Array;
  /** topo.outLinks reordered per node: links into non-stubs, then from stubLinksFrom[v] links into stubs. */
  private readonly outLinks: Int32Array;
  private readonly stubLinksFrom: Int32Array;
  private readonly capacity: Float64Array;
  private firstLinks = new Int32Array(16);
  private scratch = new Int32Array(64);
  private scratchCount = 0;

  constructor(
    private readonly topo: Topology,
    options: RouterOptions = {},
  ) {
    this.mode = options.mode ?? 'ecmp';
    this.sprayWidth = options.sprayWidth ?? 8;
    this.distances = new Distances(topo, options.cacheSize ?? 64);
    this.forwarding = Uint8Array.from(topo.nodes, (n) => (forwards(n) ? 1 : 0));
    this.linkTo = Int32Array.from(topo.links, (l) => l.to);
    topo.links.forEach((l, id) => {
      if (topo.links[id ^ 1]?.from !== l.to || topo.links[id ^ 1]?.to !== l.from) throw new Error(`link ${id} has no reverse at ${id ^ 1}`);
    });
    // Each node's out-links with those into stubs last: a stub is 1 hop from the destination or off the route.
    this.outLinks = new Int32Array(topo.outLinks.length);
    this.stubLinksFrom = new Int32Array(topo.nodes.length);
    for (let v = 0; v < topo.nodes.length; v++) {
      const start = topo.outStart[v] as number;
      const ids = Array.from(topo.outLinks.subarray(start, topo.outStart[v + 1] as number));
      const core = ids.filter((id) => !this.distances.isStub(this.linkTo[id] as number));
      this.outLinks.set([...core, ...ids.filter((id) => this.distances.isStub(this.linkTo[id] as number))], start);
      this.stubLinksFrom[v] = start + core.length;
    }
    this.capacity = Float64Array.from(topo.links, (l) => l.capacity);
  }

  /**
   * Stripes of a transfer from node `src` to node `dst`: one per first link of a shortest path (GPUs stripe over
   * their parallel ports), shares proportional to those links' capacities; beyond the first hop each stripe
   * follows the hash. Example: a GPU with two NIC ports of 200G to two leaves -> two stripes of share 0.5.
   */
  stripes(src: number, dst: number, key: number): Stripe[] {
    const table = new RouteTable();
    this.appendStripes(src, dst, key, table);
    return Array.from({ length: table.count }, (_, i) => ({ route: table.route(i), share: table.shares[i] as number }));
  }

  /** Appends the stripes of `stripes(src, dst, key)` to `table` without allocating per route; returns how many. */
  appendStripes(src: number, dst: number, key: number, table: RouteTable): number {
    if (src === dst) {
      table.begin();
      table.end(1);
      return 1;
    }
    this.distances.select(dst);
    const hops = this.distances.hops(src);
    if (hops < 0) throw new Error(`no route from ${this.topo.nodes[src]?.name} to ${this.topo.nodes[dst]?.name}`);
    this.nextLinks(src, dst, hops - 1);
    const firstCount = this.scratchCount;
    if (this.firstLinks.length < firstCount) this.firstLinks = new Int32Array(2 * firstCount);
    for (let i = 0; i < firstCount; i++) this.firstLinks[i] = this.scratch[i] as number;
    let total = 0;
    for (let i = 0; i < firstCount; i++) total += this.capacity[this.firstLinks[i] as number] as number;
    const ways = this.mode === 'spray' ? this.sprayWidth : 1;
    let stripes = 0;
    for (let i = 0; i < firstCount; i++) {
      const link = this.firstLinks[i] as number;
      const share = (this.capacity[link] as number) / total;
      if (this.mode === 'adaptive') {
        stripes += this.adaptiveInto(link, dst, mix32(src, dst, key, i * 131), share, table);
        continue;
      }
      for (let w = 0; w < ways; w++) {
        table.begin();
        this.walkInto(link, dst, mix32(src, dst, key, i * 131 + w), table);
        table.end(share / ways);
      }
      stripes += ways;
    }
    return stripes;
  }

  /** Follows `firstLink` to the first switch with a choice, then one stripe per chosen next hop (shares by capacity). */
  private adaptiveInto(firstLink: number, dst: number, hash: number, share: number, table: RouteTable): number {
    const prefix: number[] = [firstLink];
    let v = this.linkTo[firstLink] as number;
    while (v !== dst) {
      this.nextLinks(v, dst, this.distances.hops(v) - 1);
      if (this.scratchCount > 1) break;
      const only = this.scratch[0] as number;
      prefix.push(only);
      v = this.linkTo[only] as number;
    }
    if (v === dst) {
      table.begin();
      for (const l of prefix) table.push(l);
      table.end(share);
      return 1;
    }
    const count = this.scratchCount;
    const take = Math.min(count, this.sprayWidth);
    const chosen = Array.from({ length: take }, (_, j) => this.scratch[(hash + Math.floor((j * count) / take)) % count] as number);
    // Adaptive routing balances whole paths: each stripe's share follows its bottleneck (the narrowest trunk on it).
    const first = table.count;
    let capacity = 0;
    chosen.forEach((next, j) => {
      table.begin();
      for (const l of prefix) table.push(l);
      this.walkInto(next, dst, mix32(hash, j, next, 0x51ed270b), table);
      let narrowest = Number.POSITIVE_INFINITY;
      for (let e = table.start[table.count] as number; e < table.size; e++) narrowest = Math.min(narrowest, this.capacity[table.links[e] as number] as number);
      capacity += narrowest;
      table.end(narrowest);
    });
    for (let i = first; i < table.count; i++) table.shares[i] = (share * (table.shares[i] as number)) / capacity;
    return take;
  }

  /** Out-links of `v` into nodes `want` hops from `dst` that forward or are `dst`: into scratch[0 .. scratchCount). */
  private nextLinks(v: number, dst: number, want: number): void {
    const { topo } = this;
    let count = 0;
    if (want === 1 && this.forwarding[v] === 1 && this.degree(dst) < this.degree(v)) {
      // The last forwarding hop: walk the destination's few neighbours instead of a leaf's many ports. Links come
      // in pairs (TopologyBuilder.connect), so the link v -> u is the reverse of u -> v, id ^ 1.
      if (this.scratch.length < this.degree(v)) this.scratch = new Int32Array(2 * this.degree(v));
      for (let i = topo.outStart[dst] as number; i < (topo.outStart[dst + 1] as number); i++) {
        const u = this.linkTo[topo.outLinks[i] as number] as number;
        if (this.forwarding[u] === 0) continue;
        for (let k = topo.outStart[u] as number; k < (topo.outStart[u + 1] as number); k++) {
          const back = topo.outLinks[k] as number;
          if (this.linkTo[back] === v) this.scratch[count++] = back ^ 1;
        }
      }
      this.scratchCount = count;
      return;
    }
    // Past the source, a route enters a stub (a NIC) only as its last forwarding hop, 1 from the destination.
    const end = want <= 1 || this.forwarding[v] === 0 ? (topo.outStart[v + 1] as number) : (this.stubLinksFrom[v] as number);
    if (this.scratch.length < end - (topo.outStart[v] as number)) this.scratch = new Int32Array(2 * (end - (topo.outStart[v] as number)));
    for (let i = topo.outStart[v] as number; i < end; i++) {
      const id = this.outLinks[i] as number;
      const to = this.linkTo[id] as number;
      if ((to === dst || this.forwarding[to] === 1) && this.distances.is(to, want)) this.scratch[count++] = id;
    }
    this.scratchCount = count;
  }

  private degree(v: number): number {
    return (this.topo.outStart[v + 1] as number) - (this.topo.outStart[v] as number);
  }

  /** One of the scratch candidates, chosen by `hash` with probability proportional to capacity (trunk width). */
  private weightedPick(hash: number): number {
    const count = this.scratchCount;
    if (count === 1) return this.scratch[0] as number;
    let total = 0;
    for (let i = 0; i < count; i++) total += this.capacity[this.scratch[i] as number] as number;
    let target = (hash / 4294967296) * total;
    for (let i = 0; i < count; i++) {
      target -= this.capacity[this.scratch[i] as number] as number;
      if (target < 0) return this.scratch[i] as number;
    }
    return this.scratch[count - 1] as number;
  }

  private walkInto(firstLink: number, dst: number, hash: number, table: RouteTable): void {
    let v = this.linkTo[firstLink] as number;
    table.push(firstLink);
    let hop = 1;
    let h = hash;
    while (v !== dst) {
      this.nextLinks(v, dst, this.distances.hops(v) - 1);
      const link = this.weightedPick(h);
      table.push(link);
      hop++;
      v = this.linkTo[link] as number;
      h = mix32(h, hop, v, 0x2545f491);
    }
  }
}

/** Routes in one growable buffer (CSR): route i is links[start[i] .. start[i + 1]), carrying shares[i] of its transfer. */
export class RouteTable {
  links = new Int32Array(1 << 16);
  start = new Int32Array(1 << 12);
  shares = new Float64Array(1 << 12);
  count = 0;
  /** Links written so far. */
  size = 0;

  begin(): void {
    if (this.count + 2 > this.start.length) {
      const start = new Int32Array(2 * this.start.length);
      start.set(this.start);
      this.start = start;
      const shares = new Float64Array(2 * this.shares.length);
      shares.set(this.shares);
      this.shares = shares;
    }
    this.start[this.count] = this.size;
  }

  push(link: number): void {
    if (this.size >= this.links.length) {
      const links = new Int32Array(2 * this.links.length);
      links.set(this.links);
      this.links = links;
    }
    this.links[this.size++] = link;
  }

  end(share: number): void {
    this.shares[this.count] = share;
    this.count++;
    this.start[this.count] = this.size;
  }

  /** Route i as a view into the buffer (valid until the next push). */
  route(i: number): Int32Array {
    return this.links.subarray(this.start[i] as number, this.start[i + 1] as number);
  }
}
