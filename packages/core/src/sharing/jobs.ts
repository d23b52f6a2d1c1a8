/** Jobs of a shared cluster: the spec (one collective each, run over and over), its `op:gpus:size[:algorithm]` text form, and their checks. */

import { z } from 'zod';
import { ConfigError } from '../base/errors.js';
import { excerpt, shownValue } from '../base/excerpt.js';
import { COLLECTIVE_OPS } from '../collectives/types.js';
import { parseSizes } from '../comm/sizes.js';
import { didYouMean } from '../registry/did-you-mean.js';

/** The collectives a job may run: every op but point-to-point sendrecv, which has no group. */
export const JOB_OPS = COLLECTIVE_OPS.filter((op) => op !== 'sendrecv') as readonly Exclude<(typeof COLLECTIVE_OPS)[number], 'sendrecv'>[];
export type JobOp = (typeof JOB_OPS)[number];

/** At most this many jobs share one run: each is simulated alone too, so the cost grows with the count. */
export const MAX_JOBS = 64;

export const jobSchema = z.strictObject({
  name: z.string().min(1).max(64).optional(),
  gpus: z.number().int().min(2, 'a collective needs at least 2 GPUs'),
  op: z.enum(JOB_OPS as unknown as [JobOp, ...JobOp[]]),
  /** nccl-tests convention: the per-rank buffer for allreduce, broadcast, reduce; the total for allgather, reducescatter, alltoall. */
  size: z.union([z.number().positive(), z.string()]),
  algorithm: z.string().default('auto'),
  protocol: z.string().default('auto'),
});

export type JobInput = z.input<typeof jobSchema>;

/** A job with its size in bytes and its defaults filled in. */
export interface Job {
  readonly name: string;
  readonly gpus: number;
  readonly op: JobOp;
  readonly bytes: number;
  readonly algorithm: string;
  readonly protocol: string;
}

const EXAMPLE = 'op:gpus:size[:algorithm], e.g. allreduce:512:1GiB or alltoall:256:256MiB:direct';

/**
 * Validates job specs (from a sweep's args or a program) into jobs; errors name `<field>.<i>.<key>`, the value and
 * what was expected. Unnamed jobs are called job0, job1, ... after their place in the list.
 */
export function resolveJobs(input: unknown, field = 'jobs'): Job[] {
  const list = z.array(z.unknown()).safeParse(input);
  if (!list.success) throw new ConfigError([field], `expected a list of jobs, received ${shownValue(input, '"')}`);
  if (list.data.length < 1) throw new ConfigError([field], `no jobs given; expected at least one, ${EXAMPLE}`);
  if (list.data.length > MAX_JOBS) throw new ConfigError([field], `${list.data.length} jobs; expected at most ${MAX_JOBS}`);
  return list.data.map((raw, i) => {
    const parsed = jobSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0] as z.core.$ZodIssue;
      const at = issue.path as (string | number)[];
      throw new ConfigError([field, i, ...at], `${issue.message}${issue.code === 'unrecognized_keys' ? '' : valueAt(raw, at)}`);
    }
    const j = parsed.data;
    const bytes = typeof j.size === 'number' ? j.size : onlySize(j.size, `${field}.${i}.size`);
    return { name: j.name ?? `job${i}`, gpus: j.gpus, op: j.op, bytes, algorithm: j.algorithm, protocol: j.protocol };
  });
}

function valueAt(raw: unknown, path: readonly (string | number)[]): string {
  let v: unknown = raw;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  return v === undefined ? '' : ` (received ${shownValue(v, '"')})`;
}

function onlySize(text: string, field: string): number {
  const sizes = parseSizes(text, field);
  if (sizes.length !== 1) throw new ConfigError([field], `${excerpt(text)} is ${sizes.length} sizes; expected one size, such as 1GiB`);
  return sizes[0] as number;
}

/**
 * The compact text of one job, `op:gpus:size[:algorithm]`: `allreduce:512:1GiB` is a 512-GPU all-reduce of a 1 GiB
 * buffer (algorithm auto). Returns the job spec; resolveJobs checks it further.
 */
export function parseJobText(text: string, field = 'jobs'): JobInput {
  const parts = text.split(':').map((p) => p.trim());
  const fail = (why: string, form = true): never => {
    throw new ConfigError([field], `${excerpt(text)}: ${why}${form ? `; expected ${EXAMPLE}` : ''}`);
  };
  if (parts.length < 3 || parts.length > 4) fail(`${parts.length} part${parts.length === 1 ? '' : 's'}`);
  const [op, gpus, size, algorithm] = parts as [string, string, string, string | undefined];
  if (!(JOB_OPS as readonly string[]).includes(op)) {
    const near = didYouMean(op, JOB_OPS);
    fail(`${excerpt(op)} is not a collective${near ? ` (did you mean '${near}'?)` : ''}; the ops are ${JOB_OPS.join(', ')}`);
  }
  if (!/^\d+$/.test(gpus) || Number(gpus) < 2) fail(`GPUs ${excerpt(gpus)} is not a whole number of at least 2`);
  if (algorithm !== undefined && algorithm.length === 0) fail('the algorithm is empty');
  let bytes = 0;
  try {
    bytes = onlySize(size, field);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    fail(`size ${error.detail}`, false);
  }
  return { gpus: Number(gpus), op: op as JobOp, size: bytes, ...(algorithm === undefined ? {} : { algorithm }) };
}

/** Jobs from their texts, in the order given; none at all is an error naming the field. */
export function parseJobTexts(texts: readonly string[], field = 'jobs'): Job[] {
  if (texts.length === 0) throw new ConfigError([field], `no job given; expected at least one, ${EXAMPLE}`);
  return resolveJobs(
    texts.map((t) => parseJobText(t, field)),
    field,
  );
}
