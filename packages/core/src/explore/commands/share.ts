/** Sweep command `share`: jobs sharing one system, each job's slowdown against running alone (placement is an axis like any argument). */

import { z } from 'zod';
import { jobSchema, MAX_JOBS, resolveJobs } from '../../sharing/jobs.js';
import { placementPolicies } from '../../sharing/placement.js';
import { shareCluster } from '../../sharing/share.js';
import { declareMetrics, type SweepCommand } from './types.js';

const shareArgs = z.strictObject({
  jobs: z.array(jobSchema).min(1).max(MAX_JOBS),
  placement: z.enum(placementPolicies.ids as [string, ...string[]]).default('packed'),
  seed: z.number().int().nonnegative().default(1),
  routing: z.enum(['ecmp', 'spray', 'adaptive']).optional(),
});

export const shareCommand: SweepCommand = {
  id: 'share',
  description: "jobs placed on one system run their collectives at once on the flow engine: each job's slowdown against running alone",
  source: 'sharing/share.ts',
  args: shareArgs,
  metrics: declareMetrics({
    maxSlowdown: "the worst job's time shared over its time alone (1 = no interference)",
    meanSlowdown: 'mean over the jobs of time shared over time alone',
    makespanUs: "when the last job's collective ends in the shared run, us",
    worstJob$: 'the job with the largest slowdown (the first of equals)',
  }),
  evaluate(system, raw) {
    const a = shareArgs.parse(raw);
    const r = shareCluster(system, resolveJobs(a.jobs, 'args.jobs'), {
      placement: a.placement,
      seed: a.seed,
      ...(a.routing === undefined ? {} : { routing: a.routing }),
      fields: { jobs: 'args.jobs', placement: 'args.placement' },
    });
    const worst = r.jobs.reduce((w, j) => (j.slowdown > w.slowdown ? j : w));
    return { maxSlowdown: r.maxSlowdown, meanSlowdown: r.meanSlowdown, makespanUs: r.makespanUs, worstJob: worst.name };
  },
};
