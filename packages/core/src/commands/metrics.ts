/** What a run reports to a sweep: flat metrics with their meaning and unit, and the ones every point reports about its system. */

import { systemEconomics } from '../system/economics.js';
import { systemPower } from '../system/power.js';
import { reachWarning } from '../system/reach.js';
import type { System } from '../system/system.js';

/** A point's results: numbers, yes/no facts and a few labels, flat so a results table holds one column each. */
export type Metrics = Record<string, number | boolean | string>;

/** What a metric is: its meaning with its unit, and its kind (a number unless said: results stores type columns by it). */
export interface MetricSpec {
  readonly description: string;
  readonly kind: 'number' | 'bool' | 'text';
}

/** Metric declarations from descriptions; a `?` suffix on the name marks a yes/no metric, `$` a label. */
export function declareMetrics(list: Readonly<Record<string, string>>): Readonly<Record<string, MetricSpec>> {
  return Object.fromEntries(
    Object.entries(list).map(([name, description]) => {
      const kind = name.endsWith('?') ? 'bool' : name.endsWith('$') ? 'text' : 'number';
      return [name.replace(/[?$]$/, ''), { description, kind }];
    }),
  );
}

/** What every point reports about its system, whatever the command. */
export const SYSTEM_METRICS: Readonly<Record<string, MetricSpec>> = declareMetrics({
  gpus: 'GPUs in the system',
  scaleUpDomainSize: 'GPUs per scale-up domain',
  itPowerKw: 'IT power at rated load, kW',
  facilityKw: 'facility power (IT x PUE), kW',
  rackKw: 'draw of one compute rack, kW',
  'powerWithinBudget?': 'every rack within its power and heat budget, and the facility within its own (yes/no)',
  'scaleUpWithinReach?': "the scale-up domain's longest cable run within its medium's reach (yes/no)",
  capexUsd: 'purchase cost of the system, USD',
  usdPerGpuHour: 'capex over the hardware life plus facility energy, per GPU-hour, USD',
});

export function systemMetrics(system: System): Metrics {
  const power = systemPower(system);
  const economics = systemEconomics(system);
  return {
    gpus: system.gpus,
    scaleUpDomainSize: system.spec.scaleUp.domainSize,
    itPowerKw: power.total / 1000,
    facilityKw: power.facility / 1000,
    rackKw: power.perRack / 1000,
    powerWithinBudget: power.warnings.length === 0,
    scaleUpWithinReach: reachWarning(system.spec) === undefined,
    capexUsd: economics.capexUsd,
    usdPerGpuHour: economics.usdPerGpuHour,
  };
}
