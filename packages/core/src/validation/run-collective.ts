/** Runs the cases.json collective cases as their expressions say and compares each figure with the published one. */

import { deepMerge } from '../base/merge.js';
import { parseGroup } from '../comm/group.js';
import { type CollectiveResult, CollectiveSession, type Fidelity, runCollective } from '../comm/run.js';
import { systemPresets } from '../presets/registry.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { parseBytes } from '../units/parse.js';
import { COLLECTIVE_CASES, type CollectiveExpression, type CollectiveMetric } from './collective-cases.js';
import { caseSet, isUnverified, type PublishedCase, publishedNumber, type ValidationRow } from './types.js';

/** Messages of at least 256 MiB are bandwidth-bound: the regime of the "large sizes" accuracy target. */
export const LARGE_MESSAGE_BYTES = 256 * 2 ** 20;

const UNIT: Readonly<Record<CollectiveMetric, string>> = { busbw: 'GB/s', algbw: 'GB/s', 'latency-us': 'us', 'scaleout-bw': 'GB/s', 'busbw-per-nic': 'GB/s' };

export function validateCollectiveCase(c: PublishedCase, fidelity: Fidelity): { rows: ValidationRow[] } | { skip: string } {
  const expression = COLLECTIVE_CASES[c.id];
  if (!expression) return { skip: 'no expression maps this case to a supernode run yet' };
  if ('skip' in expression) return { skip: expression.skip };
  const runs: CollectiveExpression[] = [...expression.runs];
  if (expression.curve && typeof c.value === 'object' && c.value !== null) {
    for (const key of Object.keys(c.value)) {
      const size = /^(\d+[KMG]i?B?)(?:\(.*\))?$/.exec(key);
      if (size && !runs.some((r) => r.key === key)) runs.push({ ...expression.curve, key, bytes: size[1] as string });
    }
  }
  const rows: ValidationRow[] = [];
  for (const run of runs) {
    const published = publishedNumber(run.key === undefined ? c.value : (c.value as Record<string, unknown>)[run.key]);
    if (published === undefined) continue;
    const { result, nicsPerRankDomain } = runExpression(run, fidelity);
    const predicted = run.metric === 'busbw-per-nic' ? result.busbwGBps / nicsPerRankDomain : pick(result, run.metric);
    rows.push({
      id: run.key === undefined ? c.id : `${c.id}#${run.key}`,
      kind: 'collective',
      predicted,
      published,
      unit: UNIT[run.metric],
      errorPct: ((predicted - published) / published) * 100,
      setup: `${run.preset}${run.overrides ? '+overrides' : ''} ${run.group} ${run.op} ${run.bytes} ${result.algorithm}${run.cudaGraphs ? ' (CUDA graphs)' : ''}`,
      unverified: isUnverified(c),
      set: caseSet(c),
      largeMessage: result.bytes >= LARGE_MESSAGE_BYTES && run.metric !== 'latency-us',
    });
  }
  return rows.length > 0 ? { rows } : { skip: 'no numeric published value to compare' };
}

/** The run, and the NICs that the group's ranks in one scale-up domain have between them. */
function runExpression(run: CollectiveExpression, fidelity: Fidelity): { result: CollectiveResult; nicsPerRankDomain: number } {
  const spec = systemSchema.parse(deepMerge(systemPresets.get(run.preset).input, run.overrides ?? {}));
  const system = buildSystem(spec, run.gpus === undefined ? {} : { gpus: run.gpus });
  const group = parseGroup(run.group, system.gpus);
  const domain = Math.floor((group[0] as number) / spec.scaleUp.domainSize);
  const inDomain = group.filter((r) => Math.floor(r / spec.scaleUp.domainSize) === domain).length;
  const result = runCollective(new CollectiveSession(system), {
    op: run.op,
    group,
    bytes: parseBytes(run.bytes ?? '0'),
    algorithm: run.algorithm,
    fidelity,
    launch: !run.cudaGraphs,
  });
  return { result, nicsPerRankDomain: inDomain * (spec.scaleOut?.nicsPerGpu ?? 1) };
}

function pick(r: CollectiveResult, metric: CollectiveMetric): number {
  switch (metric) {
    case 'busbw':
      return r.busbwGBps;
    case 'algbw':
      return r.algbwGBps;
    case 'latency-us':
      return r.timeUs;
    case 'scaleout-bw':
      return r.scaleOutGBpsPerGpu;
    case 'busbw-per-nic':
      return r.busbwGBps;
  }
}
