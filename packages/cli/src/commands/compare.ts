/** `supernode compare [systems...]`: several designs side by side; with no names, the built-in default comparison. */

import { CollectiveSession, DEFAULT_COMPARISON, describeSystem, parseGroup, runCollective, type System } from '@supernode/core';
import { loadSystem } from '../load-system.js';
import { type CollectiveRow, renderCompare } from '../report/compare.js';

export interface CompareOptions {
  readonly gpus?: number;
  readonly json?: boolean;
}

/** Collectives every comparison shows, over one whole scale-up domain, 1 GiB, automatic algorithm. */
const COLLECTIVES = [
  { label: 'all-reduce 1 GiB, one domain', op: 'allreduce' },
  { label: 'all-to-all 1 GiB, one domain', op: 'alltoall' },
] as const;

function collectives(system: System): CollectiveRow[] {
  const session = new CollectiveSession(system);
  const group = parseGroup(`0-${system.spec.scaleUp.domainSize - 1}`, system.gpus);
  return COLLECTIVES.map(({ label, op }) => {
    const r = runCollective(session, { op, group, bytes: 2 ** 30, algorithm: 'auto', fidelity: 'flow' });
    return { label, busbwGBps: r.busbwGBps, timeUs: r.timeUs, algorithm: r.algorithm };
  });
}

export function runCompare(refs: readonly string[], options: CompareOptions): string {
  const names = refs.length > 0 ? refs : DEFAULT_COMPARISON;
  const systems = names.map((ref) => loadSystem(ref, options.gpus));
  const reports = systems.map((s) => ({ ...describeSystem(s), collectives: collectives(s) }));
  return options.json ? JSON.stringify(reports, null, 2) : renderCompare(reports);
}
