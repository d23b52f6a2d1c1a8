/** Capital cost model: purchase price by component, from the hardware specs' (labelled) prices. */

import type { Usd } from '../units/units.js';
import { fabricCapacities } from './capacities.js';
import { chargedSwitches, type PowerComponent } from './power.js';
import type { System } from './system.js';

/** Every part that draws power, and the racks that hold them. */
export type CostComponent = PowerComponent | 'rack';

export interface CostBreakdown {
  readonly byComponent: Readonly<Record<CostComponent, Usd>>;
  readonly capex: Usd;
  readonly perGpu: Usd;
}

/** Link media cost scales with capacity: usd/Gbps x Gbit/s per direction. 400G of optics at $1/Gbps is $400. */
export function systemCost(system: System): CostBreakdown {
  const s = system.spec;
  const caps = fabricCapacities(system);
  const gbit = (bytesPerSecond: number) => (bytesPerSecond * 8) / 1e9;
  const byComponent: Record<CostComponent, Usd> = {
    gpu: (system.gpus * s.gpu.priceUsd) as Usd,
    cpu: (system.hosts * s.server.cpus * s.server.cpu.priceUsd) as Usd,
    serverOther: (system.servers * s.server.otherPriceUsd) as Usd,
    nic: (system.gpus * (s.scaleOut ? s.scaleOut.nicsPerGpu * s.scaleOut.nic.priceUsd : 0) +
      system.servers * (s.dcn ? s.dcn.nicsPerServer * s.dcn.nic.priceUsd : 0)) as Usd,
    scaleUpSwitch: (system.domains * system.scaleUp.switchesPerDomain * s.scaleUp.switch.priceUsd) as Usd,
    scaleUpLinks: (gbit(caps.scaleUp) * s.scaleUp.medium.usdPerGbps) as Usd,
    scaleOutSwitch: (chargedSwitches(system.scaleOut) * (s.scaleOut?.switch.priceUsd ?? 0)) as Usd,
    scaleOutLinks: (gbit(caps.scaleOut) * (s.scaleOut?.medium.usdPerGbps ?? 0)) as Usd,
    dcnSwitch: (chargedSwitches(system.dcn) * (s.dcn?.switch.priceUsd ?? 0)) as Usd,
    dcnLinks: (gbit(caps.dcn) * (s.dcn?.medium.usdPerGbps ?? 0)) as Usd,
    cxl: (system.cxlPools * (s.cxl?.pool.priceUsd ?? 0)) as Usd,
    rack: (system.racks * s.rack.spec.priceUsd) as Usd,
  };
  const capex = Object.values(byComponent).reduce((a, b) => a + b, 0) as Usd;
  return { byComponent, capex, perGpu: (capex / system.gpus) as Usd };
}
