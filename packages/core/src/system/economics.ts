/** Economics: what an hour of the system costs (hardware written off over its life, plus facility energy) and per token. */

import { systemCost } from './cost.js';
import { systemPower } from './power.js';
import type { System } from './system.js';

const HOURS_PER_YEAR = 8766;

export interface Economics {
  readonly gpus: number;
  readonly capexUsd: number;
  /** Facility draw: IT power times PUE, at every component's rated power or at a run's draw. */
  readonly facilityPowerW: number;
  readonly lifetimeYears: number;
  readonly electricityUsdPerKwh: number;
  /** Capex over the life in hours, plus an hour of facility energy; the whole system. */
  readonly usdPerHour: number;
  readonly usdPerGpuHour: number;
  /** Share of the hourly cost that is energy. */
  readonly energyShare: number;
}

/**
 * Cost of running the system for an hour: capex / (lifetime x 8,766 h) + facility kW x $/kWh, at rated power (the
 * ceiling a facility provisions for) unless a run's draw is given (system/work-power.ts: what its GPUs were doing).
 * Example: 1,024 GPUs, $40M capex over 4 years = $1,141/h, plus 1.6 MW at $0.08/kWh = $128/h: $1.24 per GPU-hour.
 */
export function systemEconomics(system: System, facilityPowerW: number = systemPower(system).facility): Economics {
  const capexUsd = systemCost(system).capex;
  const { lifetimeYears, electricityUsdPerKwh } = system.spec.facility;
  const energyPerHour = (facilityPowerW / 1000) * electricityUsdPerKwh;
  const usdPerHour = capexUsd / (lifetimeYears * HOURS_PER_YEAR) + energyPerHour;
  return {
    gpus: system.gpus,
    capexUsd,
    facilityPowerW,
    lifetimeYears,
    electricityUsdPerKwh,
    usdPerHour,
    usdPerGpuHour: usdPerHour / system.gpus,
    energyShare: usdPerHour > 0 ? energyPerHour / usdPerHour : 0,
  };
}

export interface TokenEconomics {
  /** Facility energy per token, joules. */
  readonly joulesPerToken: number;
  readonly usdPerMillionTokens: number;
}

/**
 * Energy and cost per token of work running at `tokensPerSecPerGpu` on each GPU it holds, each GPU carrying its share
 * of the system's facility power and hourly cost. Example: $1.24 per GPU-hour at 1,000 tokens/s per GPU = $0.34 per
 * million tokens.
 */
export function tokenEconomics(economics: Economics, tokensPerSecPerGpu: number): TokenEconomics {
  const wattsPerGpu = economics.facilityPowerW / economics.gpus;
  if (!(tokensPerSecPerGpu > 0)) return { joulesPerToken: Number.POSITIVE_INFINITY, usdPerMillionTokens: Number.POSITIVE_INFINITY };
  return {
    joulesPerToken: wattsPerGpu / tokensPerSecPerGpu,
    usdPerMillionTokens: (economics.usdPerGpuHour / (tokensPerSecPerGpu * 3600)) * 1e6,
  };
}
