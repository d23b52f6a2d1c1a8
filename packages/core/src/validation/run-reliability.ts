/** Runs the cases.json reliability cases: a preset's failure inventory over the published period against the published interruptions, in all, per cause, or per unit of one component. */

import { systemPresets } from '../presets/registry.js';
import { systemFailures } from '../system/failures.js';
import { systemSchema } from '../system/schema.js';
import { buildSystem, type System } from '../system/system.js';
import { caseSet, isUnverified, type PublishedCase, publishedNumber, type ValidationRow } from './types.js';

interface Cause {
  readonly cause: string;
  readonly count: number;
  /** A failure catalogue id, or `network` for the scale-out switch, link and optics rows together. */
  readonly component: string;
}

const GROUPS: Readonly<Record<string, readonly string[]>> = { network: ['scale-out-switch', 'link', 'optics'] };

interface Conditions {
  readonly preset?: string;
  readonly gpus?: number;
  readonly days?: number;
  readonly by_cause?: readonly Cause[];
  /**
   * What the published count covers: every interrupting component (absent), every one but software faults
   * (`hardware`: fleet studies that count health-check-attributed failures), or the listed components and groups.
   */
  readonly counts?: 'hardware' | readonly string[];
  /** A component key: the published value is the share of that component's units failing in `days`. */
  readonly per_unit?: string;
}

/**
 * One row for the total and one per component the causes map to: predicted failures of those components over the
 * period against the published count of their causes. A component with no published cause (a scale-up switch on HGX,
 * whose faults Table 5 counts as GPU faults) adds to the total only.
 */
export function validateReliabilityCase(c: PublishedCase): { rows: ValidationRow[] } | { skip: string } {
  const k = c.conditions as Conditions;
  const published = publishedNumber(c.value);
  if (published === undefined || k.preset === undefined || k.days === undefined)
    return { skip: 'needs conditions.preset, conditions.days and a numeric value' };
  if (!systemPresets.has(k.preset)) return { skip: `no system preset '${k.preset}'` };
  let system: System;
  try {
    system = buildSystem(systemSchema.parse(systemPresets.get(k.preset).input), k.gpus === undefined ? {} : { gpus: k.gpus });
  } catch (e) {
    return { skip: `${k.preset} x ${k.gpus}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const failures = systemFailures(system);
  const days = k.days;
  const perComponent = new Map(failures.components.filter((f) => f.interrupts).map((f) => [f.key, f.failuresPerDay * days]));
  const setup = `${k.preset} x ${system.gpus}, ${days} days`;
  const row = (id: string, predicted: number, value: number, what: string, unit = 'interruptions'): ValidationRow => ({
    id,
    kind: 'reliability',
    predicted,
    published: value,
    unit,
    errorPct: ((predicted - value) / value) * 100,
    setup: `${setup}: ${what}`,
    unverified: isUnverified(c),
    set: caseSet(c),
    largeMessage: false,
  });
  if (k.per_unit !== undefined) {
    const unit = failures.components.find((f) => f.key === k.per_unit);
    if (unit === undefined) return { skip: `${k.preset} has no '${k.per_unit}' in its failure inventory` };
    return { rows: [row(c.id, (unit.failuresPerDay / unit.units) * days, published, `share of ${unit.unit}s failing`, 'share of units')] };
  }
  const counted = countedKeys(
    k.counts,
    failures.components.map((f) => f.key),
  );
  const total = [...perComponent].filter(([key]) => counted.has(key)).reduce((n, [, perPeriod]) => n + perPeriod, 0);
  const what =
    k.counts === undefined ? 'all unexpected interruptions' : k.counts === 'hardware' ? 'hardware interruptions' : `${k.counts.join(' + ')} interruptions`;
  const rows = [row(c.id, total, published, what)];
  const byComponent = new Map<string, Cause[]>();
  for (const cause of k.by_cause ?? []) byComponent.set(cause.component, [...(byComponent.get(cause.component) ?? []), cause]);
  for (const [component, causes] of byComponent) {
    const predicted = (GROUPS[component] ?? [component]).reduce((n, key) => n + (perComponent.get(key) ?? 0), 0);
    const count = causes.reduce((n, x) => n + x.count, 0);
    rows.push(row(`${c.id}#${component}`, predicted, count, causes.map((x) => `${x.cause} ${x.count}`).join(', ')));
  }
  return { rows };
}

/** The component keys a case's published total counts. */
function countedKeys(counts: Conditions['counts'], keys: readonly string[]): Set<string> {
  if (counts === undefined) return new Set(keys);
  if (counts === 'hardware') return new Set(keys.filter((key) => key !== 'software'));
  return new Set(counts.flatMap((name) => GROUPS[name] ?? [name]));
}
