/** Command `share`: jobs placed on one system run their collectives at once on the flow engine; each job's time against running alone. */

import { choice, count, defineArgs, texts } from '../args/index.js';
import { isPlainObject } from '../base/merge.js';
import { type JobInput, MAX_JOBS, parseJobText, resolveJobs } from '../sharing/jobs.js';
import { placementPolicies } from '../sharing/placement.js';
import { type ShareReport, shareCluster } from '../sharing/share.js';
import { flowsOf } from './collective.js';
import { declareMetrics } from './metrics.js';
import { defineCommand } from './types.js';
import { allowLargeArg, checkWork } from './work.js';

const args = defineArgs({
  jobs: texts('a job (give one per job): op:gpus:size[:algorithm], or in data {op, gpus, size, algorithm?, protocol?, name?}', {
    valueName: 'op:gpus:size[:algorithm]',
    examples: ['allreduce:512:1GiB', 'alltoall:256:256MiB:direct'],
    parse: (t) => parseJobText(t, 'jobs'),
    data: (v) => (isPlainObject(v) ? (v as JobInput) : parseJobText(String(v), 'jobs')),
    flag: 'job',
    max: MAX_JOBS,
  }).needed(),
  placement: choice(placementPolicies.ids, `where the jobs go: ${placementPolicies.entries.map((p) => `${p.id}: ${p.description}`).join('; ')}`).or('packed'),
  seed: count('seed of the random placement', { min: 0, max: 2 ** 32 - 1 }).or(1),
  routing: choice(['auto', 'ecmp', 'spray', 'adaptive'] as const, 'auto (adaptive on InfiniBand, ECMP on Ethernet), ecmp, spray or adaptive').or('auto'),
  allowLarge: allowLargeArg(),
});

/** Flows of the shared run and of each job alone: as a collective's, two million by default, twenty million at once at most. */
const FLOWS_LIMIT = 2e6;
const FLOWS_AT_ONCE_HARD_LIMIT = 2e7;

export const shareCommand = defineCommand({
  id: 'share',
  description: "jobs placed on one system run their collectives at once on the flow engine: each job's time and slowdown against running alone",
  source: 'sharing/share.ts',
  args,
  workLimit: `${FLOWS_LIMIT.toLocaleString('en-US')} flows, the shared run and each job alone, unless allowLarge; ${FLOWS_AT_ONCE_HARD_LIMIT.toLocaleString('en-US')} at once at most`,
  systemOptions: ['fail'],
  run(system, a, context): ShareReport {
    const jobs = resolveJobs(a.jobs, 'jobs');
    // The shared run holds every job's flows at once; each job then runs alone.
    const atOnce = jobs.reduce((n, j) => n + flowsOf(j.op, Math.min(j.gpus, system.gpus), system.spec.scaleUp.domainSize), 0);
    checkWork({ field: 'jobs', amount: atOnce, unit: 'flows at once', limit: FLOWS_AT_ONCE_HARD_LIMIT, hardLimit: FLOWS_AT_ONCE_HARD_LIMIT }, a.allowLarge);
    checkWork({ field: 'jobs', amount: 2 * atOnce, unit: 'flows, shared and alone', limit: FLOWS_LIMIT, hardLimit: 100 * FLOWS_LIMIT }, a.allowLarge);
    context.progress?.(0, 1, `${a.jobs.length} jobs, together and each alone`);
    return shareCluster(system, jobs, {
      placement: a.placement,
      seed: a.seed,
      ...(a.routing === 'auto' ? {} : { routing: a.routing }),
      fields: { jobs: 'jobs', placement: 'placement' },
    });
  },
  metrics: declareMetrics({
    maxSlowdown: "the worst job's time shared over its time alone (1 = no interference)",
    meanSlowdown: 'mean over the jobs of time shared over time alone',
    makespanUs: "when the last job's collective ends in the shared run, us",
    worstJob$: 'the job with the largest slowdown (the first of equals)',
  }),
  metricsOf(r) {
    const worst = r.jobs.reduce((w, j) => (j.slowdown > w.slowdown ? j : w));
    return { maxSlowdown: r.maxSlowdown, meanSlowdown: r.meanSlowdown, makespanUs: r.makespanUs, worstJob: worst.name };
  },
});
