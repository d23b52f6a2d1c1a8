import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { placeJobs, placementPolicies } from './placement.js';

// A toy cluster: 16 GPUs in 4 scale-up domains of 4 (domain d holds ranks 4d .. 4d + 3).
const request = (jobGpus: number[], seed = 1) => ({ gpus: 16, domainSize: 4, jobGpus, seed, field: 'jobs' });

describe('placeJobs', () => {
  it('placeJobs packed: each job takes the next consecutive ranks', () => {
    expect(placeJobs('packed', request([6, 4]))).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9],
    ]);
  });

  it('placeJobs domain: each job starts on a domain boundary; the rest of its last domain (ranks 6, 7) stays idle', () => {
    expect(placeJobs('domain', request([6, 4]))).toEqual([
      [0, 1, 2, 3, 4, 5],
      [8, 9, 10, 11],
    ]);
  });

  it('placeJobs spread: GPUs dealt over the domains in turn, the deal going on where the last job left it', () => {
    // job0: domains 0,1,2,3,0,1 at their lowest free slot -> 0,4,8,12,1,5; job1 carries on at domain 2: 9,13,2,6.
    expect(placeJobs('spread', request([6, 4]))).toEqual([
      [0, 1, 4, 5, 8, 12],
      [2, 6, 9, 13],
    ]);
    // Two equal jobs filling the cluster: the first gets slots 0-1 of every domain, the second slots 2-3.
    expect(placeJobs('spread', request([8, 8]))).toEqual([
      [0, 1, 4, 5, 8, 9, 12, 13],
      [2, 3, 6, 7, 10, 11, 14, 15],
    ]);
  });

  it('placeJobs random: the same seed gives the same ranks, another seed others; jobs are disjoint and sorted', () => {
    const a = placeJobs('random', request([6, 4], 7));
    expect(placeJobs('random', request([6, 4], 7))).toEqual(a);
    expect(placeJobs('random', request([6, 4], 8))).not.toEqual(a);
    expect(a.map((r) => r.length)).toEqual([6, 4]);
    expect(new Set(a.flat()).size).toBe(10);
    for (const ranks of a) expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    expect(a.flat().every((r) => r >= 0 && r < 16)).toBe(true);
  });

  it('placeJobs refuses jobs that need more GPUs than the system has, naming the field and both counts', () => {
    for (const id of placementPolicies.ids) {
      expect(() => placeJobs(id, request([10, 8]))).toThrow(ConfigError);
      expect(() => placeJobs(id, request([10, 8]))).toThrow("jobs: the jobs need 18 GPUs (10 + 8); expected at most the system's 16");
    }
  });

  it('placeJobs domain refuses jobs whose whole domains do not fit, though their GPUs would', () => {
    // 5 + 5 + 5 = 15 GPUs fit in 16, but each job takes 2 whole domains of 4: 6 domains, the system has 4.
    expect(() => placeJobs('domain', request([5, 5, 5]))).toThrow(
      "jobs: domain placement gives each job whole scale-up domains: the jobs need 6 domains of 4 GPUs (2 + 2 + 2), expected at most the system's 4",
    );
    expect(placeJobs('packed', request([5, 5, 5])).map((r) => r.length)).toEqual([5, 5, 5]);
  });

  it('placeJobs refuses an unknown policy, listing the policies', () => {
    expect(() => placeJobs('packd', request([4]))).toThrow(
      /unknown placement policy 'packd'. Did you mean 'packed'\? Expected one of: packed, domain, spread, random/,
    );
  });
});
