/** Request routers: which replica takes an arriving request. One registry; the CLI help and checks read it. */

import { createRegistry, type RegistryEntry } from '../registry/registry.js';

/** What a router may look at: each candidate's outstanding requests and how many leading prefix blocks its HBM holds. */
export interface RouteCandidate {
  readonly id: number;
  readonly outstanding: number;
  cachedBlocks(hashes: readonly number[]): number;
}

export interface Router extends RegistryEntry {
  /** Picks one of `candidates` (never empty) for a request with these prefix hashes; `turn` counts requests routed so far. */
  pick(candidates: readonly RouteCandidate[], hashes: readonly number[], turn: number): RouteCandidate;
}

const leastLoaded = (candidates: readonly RouteCandidate[]) =>
  candidates.reduce((best, c) => (c.outstanding < best.outstanding ? c : best), candidates[0] as RouteCandidate);

export const routers = createRegistry<Router>('router', [
  {
    id: 'round-robin',
    description: 'each request to the next replica in turn',
    source: 'vLLM / SGLang data-parallel default',
    pick: (candidates, _hashes, turn) => candidates[turn % candidates.length] as RouteCandidate,
  },
  {
    id: 'least-load',
    description: 'the replica with the fewest outstanding requests (ties: the lowest id)',
    source: 'join-the-shortest-queue; SGLang router "shortest_queue"',
    pick: (candidates) => leastLoaded(candidates),
  },
  {
    id: 'prefix-aware',
    description: 'the replica whose HBM holds the longest prefix of the request; among equals, the least loaded',
    source: 'SGLang cache-aware router; Mooncake Conductor (FAST25) KV-centric scheduling',
    pick(candidates, hashes) {
      let best: RouteCandidate | undefined;
      let bestBlocks = -1;
      for (const c of candidates) {
        const blocks = hashes.length > 0 ? c.cachedBlocks(hashes) : 0;
        if (blocks > bestBlocks || (blocks === bestBlocks && best !== undefined && c.outstanding < best.outstanding)) {
          best = c;
          bestBlocks = blocks;
        }
      }
      return best as RouteCandidate;
    },
  },
]);
