/** Power model: IT power by component, per-rack draw against the rack's supply and heat budgets, facility power with PUE. */

import type { PowerShelves } from '../hardware/types.js';
import { formatPower } from '../units/format.js';
import type { Watts } from '../units/units.js';
import { fabricCapacities } from './capacities.js';
import type { ScaleOutPlan } from './scale-out.js';
import type { System } from './system.js';

export interface PowerBreakdown {
  /** Watts per component; keys are stable for reports. */
  readonly byComponent: Readonly<Record<PowerComponent, Watts>>;
  readonly total: Watts;
  /** Draw of one compute rack (GPUs, hosts, NICs, scale-up fabric, CXL pools share). */
  readonly perRack: Watts;
  readonly rackBudget: Watts;
  readonly heatBudget: Watts;
  /** Supply of all compute racks together. */
  readonly budget: Watts;
  readonly facility: Watts;
  /** The rack's power shelves against its rated draw; undefined where the design states none. */
  readonly shelves?: ShelfSupply;
  readonly warnings: readonly string[];
}

/** What a rack's power shelves supply and how many of their PSUs may fail before they no longer hold the rack. */
export interface ShelfSupply {
  readonly shelves: number;
  readonly psus: number;
  readonly psuPower: Watts;
  /** Every PSU's output together. */
  readonly capacity: Watts;
  /** PSUs that may fail with the rest still holding the rack's draw: the k of N+k; negative when all of them fall short. */
  readonly spare: number;
}

/**
 * A rack's shelves against a draw: the rack keeps running while the PSUs left hold it, so it rides through
 * floor((capacity - draw) / psu) PSU failures. Example: an NVL72's 8 shelves of 6 x 5.5 kW (264 kW) under 132 kW:
 * (264 - 132) / 5.5 = 24 spare PSUs, the A and B feeds' 2N; the same rack at 262 kW has none (N+0).
 */
export function shelfSupply(shelves: PowerShelves, draw: number): ShelfSupply {
  const psus = shelves.count * shelves.psusPerShelf;
  const capacity = (psus * shelves.psuPower) as Watts;
  return { shelves: shelves.count, psus, psuPower: shelves.psuPower, capacity, spare: Math.floor((capacity - draw) / shelves.psuPower + 1e-9) };
}

/** The warnings a rack draw earns against its shelves: over all of them, or held only with every PSU working. */
export function shelfWarnings(supply: ShelfSupply, draw: number, what: string): string[] {
  const label = `${supply.shelves} power shelves of ${supply.psus / supply.shelves} x ${formatPower(supply.psuPower)}`;
  if (supply.spare < 0)
    return [`power: ${what} ${formatPower(draw)}, over its ${label} (${formatPower(supply.capacity)}) by ${formatPower(draw - supply.capacity)}`];
  if (supply.spare === 0)
    return [
      `power: ${what} ${formatPower(draw)}, which its ${label} (${formatPower(supply.capacity)}) hold with no PSU to spare: one PSU failure takes the rack down`,
    ];
  return [];
}

export type PowerComponent =
  | 'gpu'
  | 'cpu'
  | 'serverOther'
  | 'nic'
  | 'scaleUpSwitch'
  | 'scaleUpLinks'
  | 'scaleOutSwitch'
  | 'scaleOutLinks'
  | 'dcnSwitch'
  | 'dcnLinks'
  | 'cxl';

/** Components that sit in the compute racks; scale-out switches and their optics sit in network racks. */
const IN_RACK: readonly PowerComponent[] = ['gpu', 'cpu', 'serverOther', 'nic', 'scaleUpSwitch', 'scaleUpLinks', 'cxl'];

/**
 * Link media burn energy per bit moved; a link is powered at its capacity, both directions:
 * P = pJ/bit x 1e-12 x 8 bits/B x capacity(B/s) x 2. Example: 400 Gbit/s of pluggable optics at 15 pJ/bit
 * -> 15e-12 x 400e9 x 2 = 12 W for the link.
 */
export function linkPower(energyPjPerBit: number, capacityPerDirection: number): Watts {
  return (energyPjPerBit * 1e-12 * 8 * capacityPerDirection * 2) as Watts;
}

export function systemPower(system: System): PowerBreakdown {
  const s = system.spec;
  const caps = fabricCapacities(system);
  const nicCount = system.gpus * (s.scaleOut?.nicsPerGpu ?? 0);
  const byComponent: Record<PowerComponent, Watts> = {
    gpu: (system.gpus * s.gpu.tdp) as Watts,
    cpu: (system.hosts * s.server.cpus * s.server.cpu.tdp) as Watts,
    serverOther: (system.servers * s.server.otherPower) as Watts,
    nic: (nicCount * (s.scaleOut?.nic.power ?? 0) + system.servers * (s.dcn ? s.dcn.nicsPerServer * s.dcn.nic.power : 0)) as Watts,
    scaleUpSwitch: (system.domains * system.scaleUp.switchesPerDomain * s.scaleUp.switch.power) as Watts,
    scaleUpLinks: linkPower(s.scaleUp.medium.energyPjPerBit, caps.scaleUp),
    scaleOutSwitch: (chargedSwitches(system.scaleOut) * (s.scaleOut?.switch.power ?? 0)) as Watts,
    scaleOutLinks: s.scaleOut ? linkPower(s.scaleOut.medium.energyPjPerBit, caps.scaleOut) : (0 as Watts),
    dcnSwitch: (chargedSwitches(system.dcn) * (s.dcn?.switch.power ?? 0)) as Watts,
    dcnLinks: s.dcn ? linkPower(s.dcn.medium.energyPjPerBit, caps.dcn) : (0 as Watts),
    cxl: (system.cxlPools * (s.cxl?.pool.power ?? 0)) as Watts,
  };
  const total = sum(Object.values(byComponent));
  const perRack = (sum(IN_RACK.map((c) => byComponent[c])) / system.racks) as Watts;
  const budget = (system.racks * s.rack.powerBudget) as Watts;
  const facility = (total * s.facility.pue) as Watts;
  const warnings: string[] = [];
  if (perRack > s.rack.powerBudget)
    warnings.push(
      `power: a rack draws ${formatPower(perRack)}, over its ${formatPower(s.rack.powerBudget)} supply by ${formatPower(perRack - s.rack.powerBudget)}`,
    );
  if (perRack > s.rack.heatBudget)
    warnings.push(
      `cooling: a rack dissipates ${formatPower(perRack)}, over its ${formatPower(s.rack.heatBudget)} heat budget by ${formatPower(perRack - s.rack.heatBudget)}`,
    );
  const cooling = s.rack.coolingPerGpu;
  if (cooling !== undefined && s.gpu.tdp > cooling)
    warnings.push(
      `cooling: a GPU draws ${formatPower(s.gpu.tdp)} at TDP, over the ${formatPower(cooling)} its cooling removes by ${formatPower(s.gpu.tdp - cooling)}`,
    );
  const shelves = s.rack.powerShelves ? shelfSupply(s.rack.powerShelves, perRack) : undefined;
  if (shelves) warnings.push(...shelfWarnings(shelves, perRack, 'a rack draws'));
  if (s.facility.powerBudget !== undefined && facility > s.facility.powerBudget) {
    warnings.push(
      `facility: ${formatPower(facility)} with PUE ${s.facility.pue} is over the ${formatPower(s.facility.powerBudget)} available by ${formatPower(facility - s.facility.powerBudget)}`,
    );
  }
  return {
    byComponent,
    total,
    perRack,
    rackBudget: s.rack.powerBudget,
    heatBudget: s.rack.heatBudget,
    budget,
    facility,
    ...(shelves ? { shelves } : {}),
    warnings,
  };
}

/** Switches of a Clos charged for power and cost (scale-out.ts SwitchTier.chargedSwitches), over its tiers. */
export function chargedSwitches(plan: ScaleOutPlan | undefined): number {
  return (plan?.switchTiers ?? []).reduce((n, t) => n + t.chargedSwitches, 0);
}

function sum(values: readonly number[]): Watts {
  return values.reduce((a, b) => a + b, 0) as Watts;
}
