/** `supernode compare [systems...]`: several designs side by side; with no names, the built-in default comparison. */

import { CollectiveSession, DEFAULT_COMPARISON, describeSystem, models, parseGroup, runCollective, type System, train } from '@supernode/core';
import { loadSystem } from '../load-system.js';
import { type CollectiveRow, renderCompare, type TrainingRow } from '../report/compare.js';

export interface CompareOptions {
  readonly gpus?: number;
  readonly json?: boolean;
}

/**
 * Collectives every comparison shows, over one whole scale-up domain, 1 GiB, automatic algorithm, in closed form:
 * inside one non-blocking domain the flow engine agrees with it within 1% (a test), and a 512-GPU domain's
 * all-to-all would otherwise cost a quarter-million simulated flows per design.
 */
const COLLECTIVES = [
  { label: 'all-reduce 1 GiB, one domain', op: 'allreduce' },
  { label: 'all-to-all 1 GiB, one domain', op: 'alltoall' },
] as const;

function collectives(system: System): CollectiveRow[] {
  const session = new CollectiveSession(system);
  const group = parseGroup(`0-${system.spec.scaleUp.domainSize - 1}`, system.gpus);
  return COLLECTIVES.map(({ label, op }) => {
    const r = runCollective(session, { op, group, bytes: 2 ** 30, algorithm: 'auto', fidelity: 'analytical', computeBeforeS: 0 });
    return { label, busbwGBps: r.busbwGBps, timeUs: r.timeUs, algorithm: r.algorithm };
  });
}

/**
 * One training workload every comparison shows: Llama-3-8B, TP 2, BF16, 4,096-token sequences, 4 per GPU per step,
 * distributed optimizer; small enough to fit every preset, large enough to exercise compute, TP and DP.
 */
function training(system: System): TrainingRow {
  const r = train(system, models.get('llama3-8b'), { tp: 2, pp: 1, mbs: 1, gbs: 4 * system.gpus, seq: 4096, zero: 1 }, { allowOom: true });
  return { label: 'Llama-3-8B training, TP 2', tokensPerSecPerGpu: r.tokensPerSecPerGpu, mfu: r.mfu, iterationTimeS: r.iterationTimeS };
}

export function runCompare(refs: readonly string[], options: CompareOptions): string {
  const names = refs.length > 0 ? refs : DEFAULT_COMPARISON;
  const systems = names.map((ref) => loadSystem(ref, options.gpus));
  const reports = systems.map((s) => ({ ...describeSystem(s), collectives: collectives(s), training: training(s) }));
  return options.json ? JSON.stringify(reports, null, 2) : renderCompare(reports);
}
