/** Runs the cases.json reliability cases: a preset's failure inventory over the published period against the published interruptions, in all and per cause. */

import { systemPresets } from '../presets/registry.js';
import { systemFailures } from '../system/failures.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem } from '../system/system.js';
import { caseSet, isUnverified, type PublishedCase, publishedNumber, type ValidationRow } from './types.js';

interface Cause {
  readonly cause: string;
  readonly count: number;
  /** A failure catalogue id, or `network` for the scale-out switch, link and optics rows together. */
  readonly component: string;
}

const GROUPS: Readonly<Record<string, readonly string[]>> = { network: ['scale-out-switch', 'link', 'optics'] };

/**
 * One row for the total and one per component the causes map to: predicted failures of those components over the
 * period against the published count of their causes. A component with no published cause (a scale-up switch on HGX,
 * whose faults Table 5 counts as GPU faults) adds to the total only.
 */
export function validateReliabilityCase(c: PublishedCase): { rows: ValidationRow[] } | { skip: string } {
  const k = c.conditions as { preset?: string; gpus?: number; days?: number; by_cause?: readonly Cause[] };
  const published = publishedNumber(c.value);
  if (published === undefined || k.preset === undefined || k.days === undefined)
    return { skip: 'needs conditions.preset, conditions.days and a numeric value' };
  if (!systemPresets.has(k.preset)) return { skip: `no system preset '${k.preset}'` };
  const system = buildSystem(systemSchema.parse(systemPresets.get(k.preset).input), k.gpus === undefined ? {} : { gpus: k.gpus });
  const failures = systemFailures(system);
  const days = k.days;
  const perComponent = new Map(failures.components.filter((f) => f.interrupts).map((f) => [f.key, f.failuresPerDay * days]));
  const setup = `${k.preset} x ${system.gpus}, ${days} days`;
  const row = (id: string, predicted: number, value: number, what: string): ValidationRow => ({
    id,
    kind: 'reliability',
    predicted,
    published: value,
    unit: 'interruptions',
    errorPct: ((predicted - value) / value) * 100,
    setup: `${setup}: ${what}`,
    unverified: isUnverified(c),
    set: caseSet(c),
    largeMessage: false,
  });
  const rows = [row(c.id, failures.interruptionsPerDay * days, published, 'all unexpected interruptions')];
  const byComponent = new Map<string, Cause[]>();
  for (const cause of k.by_cause ?? []) byComponent.set(cause.component, [...(byComponent.get(cause.component) ?? []), cause]);
  for (const [component, causes] of byComponent) {
    const predicted = (GROUPS[component] ?? [component]).reduce((n, key) => n + (perComponent.get(key) ?? 0), 0);
    const count = causes.reduce((n, x) => n + x.count, 0);
    rows.push(row(`${c.id}#${component}`, predicted, count, causes.map((x) => `${x.cause} ${x.count}`).join(', ')));
  }
  return { rows };
}
