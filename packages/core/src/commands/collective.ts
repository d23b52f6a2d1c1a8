/** Command `collective`: one collective over message sizes on a group of ranks, in the shape nccl-tests prints; the healthy figures beside a degraded run. */

import { ArgValueError, choice, count, defineArgs, flag, shown, text, time } from '../args/index.js';
import { ArgumentError } from '../base/errors.js';
import { collectiveAlgorithms } from '../collectives/registry.js';
import { COLLECTIVE_OPS } from '../collectives/types.js';
import { parseGroup } from '../comm/group.js';
import { PROTOCOLS } from '../comm/protocols.js';
import { type CollectiveResult, CollectiveSession, FIDELITIES, runCollective } from '../comm/run.js';
import { parseSizes } from '../comm/sizes.js';
import { LIMITS } from '../system/limits.js';
import { healthySystem } from '../system/system.js';
import { declareMetrics } from './metrics.js';
import { defineCommand } from './types.js';
import { allowLargeArg, checkWork } from './work.js';

/** `1K:8G` | `8G` | `512M,1G` as text, or a size or list of sizes as data (bytes, or text with a unit). */
function readSizes(value: unknown): number[] {
  if (typeof value === 'string') return parseSizes(value, 'sizes');
  if (typeof value === 'number') return parseSizes(String(value), 'sizes');
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' || typeof v === 'string'))
    return parseSizes(value.map(String).join(','), 'sizes');
  throw new ArgValueError(`expected sizes such as 1K:8G, 8G or 512M,1G (or a list of sizes), received ${shown(value)}`);
}

const ALGORITHMS = ['auto', ...new Set(collectiveAlgorithms.ids.map((id) => id.slice(id.indexOf('/') + 1)))];

const args = defineArgs({
  op: choice(COLLECTIVE_OPS, 'the collective').needed(),
  group: text('ranks of the group: all, a range, a strided range or a list', {
    valueName: 'ranks',
    examples: ['all', '0-63', '0-1023:8', '0,2,4'],
    parse: (t) => t.trim(),
  }).or('all'),
  concurrentGroups: count('copies of the group running at once (contiguous groups shift by their size, strided by one)', { max: LIMITS.systemGpus }).or(1),
  sizes: text('message sizes: FROM:TO doubles each step, one size, or a list (1G = 2^30 B)', {
    valueName: 'sizes',
    examples: ['1K:8G', '8G', '512M,1G,8G'],
    parse: readSizes,
    data: readSizes,
  })
    .or(parseSizes('1K:8G', 'sizes'))
    .otherwise('1K:8G'),
  algorithm: choice(ALGORITHMS, 'auto, or an algorithm of the op (the collective algorithms registry)').or('auto'),
  protocol: choice(['auto', ...PROTOCOLS], 'auto (fastest, as NCCL picks), or an NCCL protocol').or('auto'),
  fidelity: choice(FIDELITIES, 'flow (contention-aware simulation) or analytical (closed form)').or('flow'),
  routing: choice(
    ['auto', 'ecmp', 'spray', 'adaptive'] as const,
    'auto (adaptive on InfiniBand, ECMP on Ethernet), ecmp (hash per flow), spray or adaptive',
  ).or('auto'),
  cudaGraphs: flag('runs are CUDA-graph captured: no per-call launch cost').or(false),
  computeBefore: time('work each rank does at nominal speed before the collective: a slow GPU arrives late by its share of it (needed with slow GPUs)', {
    zero: true,
    max: 3600,
  }).otherwise('none'),
  allowLarge: allowLargeArg(),
});

/** Flows a flow-fidelity run simulates over all its sizes: two million take about ten seconds on one core. */
const FLOWS_LIMIT = 2e6;
/** Flows simulated at once (one size): past twenty million the engine's arrays pass several GiB. */
const FLOWS_AT_ONCE_HARD_LIMIT = 2e7;

/**
 * Flows of one collective on `ranks` ranks, an upper bound over the algorithms: an all-to-all sends between every pair;
 * the rest stream along rings, at most one ring per GPU of a scale-up domain (NCCL's channel rings), so n x min(n, D).
 * Example: all-reduce on 1,024 AL128 GPUs: 1,024 x 128 = 131,072 flows; all-to-all: 1,047,552.
 */
export function flowsOf(op: string, ranks: number, domainSize: number): number {
  if (op === 'alltoall') return ranks * (ranks - 1);
  if (op === 'sendrecv') return ranks;
  return ranks * Math.min(ranks, domainSize);
}

/** The healthy system's figures beside a degraded run's: what the failures cost. */
export interface HealthyCollective {
  readonly timeUs: number;
  readonly busbwGBps: number;
  /** Degraded busbw over healthy busbw. */
  readonly share: number;
}

export interface CollectiveReport {
  readonly system: string;
  readonly op: string;
  readonly ranks: number;
  /** One row per size, in order; flow rows keep the run behind them (`execution`) for link loads and traces. */
  readonly rows: readonly CollectiveResult[];
  /** On a degraded or straggling system: the same sizes on the healthy system, row for row. */
  readonly healthy?: readonly HealthyCollective[];
}

export const collectiveCommand = defineCommand({
  id: 'collective',
  description: 'one collective over message sizes on a group of ranks: time, algorithm and bus bandwidth (nccl-tests convention)',
  source: 'comm/run.ts',
  args,
  workLimit: `at flow fidelity, ${FLOWS_LIMIT.toLocaleString('en-US')} flows over all sizes unless allowLarge (an all-to-all on n ranks is n(n-1) flows a size; the rest n x min(n, domain)); ${FLOWS_AT_ONCE_HARD_LIMIT.toLocaleString('en-US')} at once at most`,
  systemOptions: ['fail', 'straggler'],
  run(system, a, context): CollectiveReport {
    const session = new CollectiveSession(system);
    const healthySession = system.failures || system.stragglers ? new CollectiveSession(healthySystem(system)) : undefined;
    const group = parseGroup(a.group, system.gpus, 'group');
    const sizes = a.sizes;
    if (a.fidelity === 'flow') {
      const atOnce = flowsOf(a.op, group.length, system.spec.scaleUp.domainSize) * a.concurrentGroups;
      const runs = sizes.length * (system.failures || system.stragglers ? 2 : 1);
      checkWork({ field: 'group', amount: atOnce, unit: 'flows at once', limit: FLOWS_AT_ONCE_HARD_LIMIT, hardLimit: FLOWS_AT_ONCE_HARD_LIMIT }, a.allowLarge);
      checkWork({ field: 'sizes', amount: atOnce * runs, unit: 'flows over all sizes', limit: FLOWS_LIMIT, hardLimit: 100 * FLOWS_LIMIT }, a.allowLarge);
    }
    const rows: CollectiveResult[] = [];
    const healthy: HealthyCollective[] = [];
    sizes.forEach((bytes, i) => {
      context.progress?.(i, sizes.length, `${a.op} of ${bytes} B, size ${i + 1} of ${sizes.length}`);
      const request = {
        op: a.op,
        group,
        concurrentGroups: a.concurrentGroups,
        bytes,
        algorithm: a.algorithm,
        protocol: a.protocol,
        fidelity: a.fidelity,
        ...(a.routing === 'auto' ? {} : { routing: a.routing }),
        launch: !a.cudaGraphs,
      };
      const r = runCollective(session, {
        ...request,
        traceSpans: context.traceSpans ?? 0,
        ...(a.computeBefore === undefined ? {} : { computeBeforeS: a.computeBefore }),
      });
      rows.push(r);
      if (healthySession) {
        const h = runCollective(healthySession, request);
        healthy.push({ timeUs: h.timeUs, busbwGBps: h.busbwGBps, share: r.busbwGBps / h.busbwGBps });
      }
    });
    return { system: system.spec.name, op: a.op, ranks: group.length, rows, ...(healthySession ? { healthy } : {}) };
  },
  metrics: declareMetrics({
    timeUs: 'time of the collective, us',
    algbwGBps: 'algorithm bandwidth, GB/s',
    busbwGBps: 'bus bandwidth, GB/s',
    algorithm$: 'the algorithm that ran',
    waitForSlowestUs: 'with slow GPUs and args.computeBefore: how long after the first rank the slowest arrives, us (0 without)',
  }),
  metricsOf(report) {
    const r = report.rows[0];
    if (!r || report.rows.length > 1)
      throw new ArgumentError('sizes', `a sweep point times one size, received ${report.rows.length}; give one size and sweep sizes as an axis`);
    return { timeUs: r.timeUs, algbwGBps: r.algbwGBps, busbwGBps: r.busbwGBps, algorithm: r.algorithm, waitForSlowestUs: r.straggler?.waitUs ?? 0 };
  },
});
