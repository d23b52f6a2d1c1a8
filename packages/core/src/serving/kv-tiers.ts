/**
 * KV-cache tiers for prefix caching: a replica's HBM, its host DRAM, a CXL pool its hosts share, a remote store over
 * the DCN. Each tier keeps whole prefix blocks in LRU order; a block evicted from one tier falls to the next, and a hit
 * below HBM is copied back up at that tier's bandwidth.
 */

import { ArgumentError } from '../base/errors.js';

export const KV_TIERS = ['hbm', 'dram', 'cxl', 'remote'] as const;
export type KvTier = (typeof KV_TIERS)[number];

/** What one tier holds and how fast a block comes back from it. */
export interface TierSpec {
  readonly tier: KvTier;
  /** Prefix blocks it can hold. */
  readonly capacityBlocks: number;
  /** Bandwidth of a copy back into HBM, bytes per second (HBM: unused). */
  readonly bandwidth: number;
  /** Fixed latency of one fetch from the tier, seconds. */
  readonly latencyS: number;
  /**
   * Shared by every replica (a CXL pool, a remote store): blocks are written through to it as they are made, so any
   * replica can hit them; private tiers (host DRAM) only catch what HBM evicts.
   */
  readonly shared?: boolean;
}

interface LruNode {
  readonly hash: number;
  prev: LruNode | undefined;
  next: LruNode | undefined;
}

/**
 * An LRU set of block hashes with a capacity: a map to nodes of a doubly linked list, oldest at the head, so touching,
 * adding and evicting are O(1) (a Map's own insertion order would make each eviction skip the deleted entries before
 * it, quadratic over a long run).
 */
class LruBlocks {
  private readonly nodes = new Map<number, LruNode>();
  private head: LruNode | undefined;
  private tail: LruNode | undefined;
  constructor(private capacity: number) {}

  /** Changes the capacity (HBM's follows the KV memory running requests leave free); returns what no longer fits. */
  resize(capacity: number): number[] {
    this.capacity = Math.max(0, capacity);
    return this.trim();
  }

  private trim(): number[] {
    const evicted: number[] = [];
    while (this.nodes.size > this.capacity && this.head) {
      const oldest = this.head;
      this.unlink(oldest);
      this.nodes.delete(oldest.hash);
      evicted.push(oldest.hash);
    }
    return evicted;
  }

  private unlink(node: LruNode): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = undefined;
    node.next = undefined;
  }

  private append(node: LruNode): void {
    node.prev = this.tail;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
  }

  has(hash: number): boolean {
    return this.nodes.has(hash);
  }

  touch(hash: number): void {
    const node = this.nodes.get(hash);
    if (!node || node === this.tail) return;
    this.unlink(node);
    this.append(node);
  }

  /** Adds (or refreshes) a block; returns the blocks pushed out to make room, least recent first. */
  add(hash: number): number[] {
    const node = this.nodes.get(hash);
    if (node) {
      this.touch(hash);
      return [];
    }
    const fresh: LruNode = { hash, prev: undefined, next: undefined };
    this.nodes.set(hash, fresh);
    this.append(fresh);
    return this.nodes.size > this.capacity ? this.trim() : [];
  }

  get size(): number {
    return this.nodes.size;
  }
}

/** Where a request's leading prefix blocks were found: how many in each tier, in order (a prefix stops at its first miss). */
export interface PrefixLookup {
  readonly blocks: Readonly<Record<KvTier, number>>;
  /** Seconds to bring the blocks found below HBM up into HBM (sequential per tier: latency + bytes / bandwidth). */
  readonly fetchS: number;
}

/** A request without prefix hashes (a CSV trace's) finds nothing, in no time. */
const NO_PREFIX: PrefixLookup = { blocks: { hbm: 0, dram: 0, cxl: 0, remote: 0 }, fetchS: 0 };

/**
 * The tiers one replica sees, fastest first. Lower tiers may be shared between replicas (a CXL pool of its hosts, the
 * remote store of all): pass the same tier object to each.
 */
export class TieredPrefixCache {
  private readonly levels: { spec: TierSpec; blocks: LruBlocks }[];

  constructor(
    specs: readonly TierSpec[],
    readonly blockBytes: number,
    shared: ReadonlyMap<KvTier, LruBlocks> = new Map(),
  ) {
    if (specs.length === 0 || specs[0]?.tier !== 'hbm') throw new ArgumentError('kvTiers', 'expected hbm as the first KV tier');
    this.levels = specs.map((spec) => ({ spec, blocks: shared.get(spec.tier) ?? new LruBlocks(spec.capacityBlocks) }));
  }

  /** The tier stores (for sharing with other replicas' caches). */
  stores(): Map<KvTier, LruBlocks> {
    return new Map(this.levels.map((l) => [l.spec.tier, l.blocks]));
  }

  /** Leading blocks of `hashes` in HBM, without touching their recency (what a prefix-aware router compares). */
  hbmPrefixBlocks(hashes: readonly number[]): number {
    const hbm = this.levels[0]?.blocks;
    let n = 0;
    while (hbm && n < hashes.length && hbm.has(hashes[n] as number)) n++;
    return n;
  }

  /** Leading blocks of `hashes` found, tier by tier, and the time to promote the lower ones; found blocks are promoted. */
  lookup(hashes: readonly number[]): PrefixLookup {
    if (hashes.length === 0) return NO_PREFIX;
    const blocks: Record<KvTier, number> = { hbm: 0, dram: 0, cxl: 0, remote: 0 };
    let fetchS = 0;
    const fetched = new Map<KvTier, number>();
    for (const hash of hashes) {
      const level = this.levels.find((l) => l.blocks.has(hash));
      if (!level) break;
      blocks[level.spec.tier]++;
      if (level.spec.tier !== 'hbm') fetched.set(level.spec.tier, (fetched.get(level.spec.tier) ?? 0) + 1);
    }
    for (const [tier, count] of fetched) {
      const spec = this.levels.find((l) => l.spec.tier === tier)?.spec as TierSpec;
      fetchS += spec.latencyS + (count * this.blockBytes) / spec.bandwidth;
    }
    const found = blocks.hbm + blocks.dram + blocks.cxl + blocks.remote;
    this.store(hashes.slice(0, found));
    return { blocks, fetchS };
  }

  /** Blocks written through to each shared tier that it did not hold: what the writes put on the wire. */
  readonly written: Record<KvTier, number> = { hbm: 0, dram: 0, cxl: 0, remote: 0 };

  /** Puts blocks in HBM as most recent and through to the shared tiers; what HBM pushes out falls to the next tier. */
  store(hashes: readonly number[]): void {
    for (const level of this.levels) {
      if (!level.spec.shared) continue;
      for (const hash of hashes) {
        if (!level.blocks.has(hash)) this.written[level.spec.tier]++;
        level.blocks.add(hash);
      }
    }
    for (const hash of hashes) {
      let falling = [hash];
      for (const level of this.levels) {
        const next: number[] = [];
        for (const h of falling) next.push(...level.blocks.add(h));
        falling = next;
        if (falling.length === 0) break;
      }
    }
  }

  /** Sets HBM's share to the blocks the running requests leave free, pushing what no longer fits down the tiers. */
  setHbmCapacity(blocks: number): void {
    const hbm = this.levels[0];
    if (!hbm) return;
    let falling = hbm.blocks.resize(blocks);
    if (falling.length === 0) return;
    for (const level of this.levels.slice(1)) {
      const next: number[] = [];
      for (const h of falling) next.push(...level.blocks.add(h));
      falling = next;
      if (falling.length === 0) break;
    }
  }

  blocksIn(tier: KvTier): number {
    return this.levels.find((l) => l.spec.tier === tier)?.blocks.size ?? 0;
  }
}

export { LruBlocks };
