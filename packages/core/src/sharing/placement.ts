/** Placement policies: which GPU ranks each job of a shared cluster gets. One registry; help, checks and errors read it. */

import { ConfigError } from '../base/errors.js';
import { createRegistry, type RegistryEntry } from '../registry/registry.js';
import { Random } from '../units/random.js';

/** What a policy places: jobs of these sizes on a cluster of `gpus` GPUs in scale-up domains of `domainSize`. */
export interface PlacementRequest {
  readonly gpus: number;
  readonly domainSize: number;
  /** GPUs of each job, in the order the jobs are placed. */
  readonly jobGpus: readonly number[];
  /** Seed of the policies that draw (random). */
  readonly seed: number;
  /** Where the jobs were given, for errors (`jobs`, `--job`, `args.jobs`). */
  readonly field: string;
}

export interface PlacementPolicy extends RegistryEntry {
  /** Each job's GPU ranks in ascending order; throws ConfigError when the jobs do not fit this way. */
  place(request: PlacementRequest): number[][];
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

/** Throws unless the jobs' GPUs add up to no more than the cluster's. */
function checkFits(r: PlacementRequest): void {
  const need = r.jobGpus.reduce((a, b) => a + b, 0);
  if (need > r.gpus) {
    throw new ConfigError(
      [r.field],
      `the jobs need ${need.toLocaleString('en-US')} GPUs${r.jobGpus.length > 1 ? ` (${r.jobGpus.join(' + ')})` : ''}; expected at most the system's ${r.gpus.toLocaleString('en-US')}`,
    );
  }
}

export const placementPolicies = createRegistry<PlacementPolicy>('placement policy', [
  {
    id: 'packed',
    description: 'each job takes the next consecutive free ranks, in job order: a scheduler that fills the cluster front to back',
    source: 'Slurm default block allocation (select/linear, consecutive nodes)',
    place: (r) => {
      checkFits(r);
      let next = 0;
      return r.jobGpus.map((n) => {
        const ranks = range(next, n);
        next += n;
        return ranks;
      });
    },
  },
  {
    id: 'domain',
    description: 'each job starts at a scale-up domain boundary and takes whole domains, ceil(n / domain size); the rest of its last domain stays idle',
    source: 'topology-aware schedulers: Slurm topology/block, Kubernetes Kueue topology-aware scheduling (NVL72 racks)',
    place: (r) => {
      checkFits(r);
      const domains = r.gpus / r.domainSize;
      const wanted = r.jobGpus.map((n) => Math.ceil(n / r.domainSize));
      const need = wanted.reduce((a, b) => a + b, 0);
      if (need > domains) {
        throw new ConfigError(
          [r.field],
          `domain placement gives each job whole scale-up domains: the jobs need ${need} domains of ${r.domainSize} GPUs (${wanted.join(' + ')}), expected at most the system's ${domains}`,
        );
      }
      let domain = 0;
      return r.jobGpus.map((n, j) => {
        const ranks = range(domain * r.domainSize, n);
        domain += wanted[j] as number;
        return ranks;
      });
    },
  },
  {
    id: 'spread',
    description: "each job's GPUs dealt round-robin over all scale-up domains, the deal going on from job to job: every domain holds a slice of every job",
    source: 'Slurm --distribution=cyclic; spread scheduling (Kubernetes pod topology spread constraints)',
    place: (r) => spread(r),
  },
  {
    id: 'random',
    description: 'a seeded shuffle of all GPUs, each job taking the next n: the fragmented cluster a busy scheduler leaves behind',
    source: 'fragmentation in shared GPU clusters: Jeon et al., Philly traces, USENIX ATC19; Weng et al., MLaaS in the wild, NSDI22',
    place: (r) => {
      checkFits(r);
      const order = range(0, r.gpus);
      const random = new Random(r.seed);
      for (let i = order.length - 1; i > 0; i--) {
        const k = Math.floor(random.next() * (i + 1));
        [order[i], order[k]] = [order[k] as number, order[i] as number];
      }
      let next = 0;
      return r.jobGpus.map((n) => {
        const ranks = order.slice(next, next + n).sort((a, b) => a - b);
        next += n;
        return ranks;
      });
    },
  },
]);

/**
 * Round-robin deal over the domains: GPU i of the deal goes to the next domain with a free slot, at its lowest free
 * slot. Example: 4 domains of 4, jobs of 8 and 8: the first takes slots 0-1 of every domain (0,1,4,5,8,9,12,13),
 * the second slots 2-3.
 */
function spread(r: PlacementRequest): number[][] {
  checkFits(r);
  const domains = r.gpus / r.domainSize;
  const used = new Int32Array(domains);
  let cursor = 0;
  return r.jobGpus.map((n) => {
    const ranks: number[] = [];
    for (let i = 0; i < n; i++) {
      while ((used[cursor] as number) >= r.domainSize) cursor = (cursor + 1) % domains;
      ranks.push(cursor * r.domainSize + (used[cursor] as number));
      used[cursor] = (used[cursor] as number) + 1;
      cursor = (cursor + 1) % domains;
    }
    return ranks.sort((a, b) => a - b);
  });
}

/** Places jobs by the named policy; an unknown name throws UnknownNameError listing the policies. */
export function placeJobs(policy: string, request: PlacementRequest): number[][] {
  return placementPolicies.get(policy).place(request);
}
