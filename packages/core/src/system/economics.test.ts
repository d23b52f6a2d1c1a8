import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { systemCost } from './cost.js';
import { systemEconomics, tokenEconomics } from './economics.js';
import { systemPower } from './power.js';

describe('systemEconomics', () => {
  it('systemEconomics charges capex over the life in hours plus facility energy, per GPU-hour', () => {
    const system = buildPreset('hgx-h100', {}, 1024);
    const e = systemEconomics(system);
    // Expected because an hour costs capex / (4 x 8,766 h) plus facility kW x $0.08 (the named defaults).
    const hourly = systemCost(system).capex / (4 * 8766) + (systemPower(system).facility / 1000) * 0.08;
    expect(e.usdPerHour).toBeCloseTo(hourly, 9);
    expect(e.usdPerGpuHour).toBeCloseTo(hourly / 1024, 12);
    expect(e.energyShare).toBeGreaterThan(0.05);
    expect(e.energyShare).toBeLessThan(0.3);
  });

  it('systemEconomics reads the facility fields a scenario sets: a longer life and dearer power', () => {
    const base = systemEconomics(buildPreset('hgx-h100', {}, 64));
    const changed = systemEconomics(buildPreset('hgx-h100', { facility: { lifetimeYears: 8, electricityUsdPerKwh: 0.16 } }, 64));
    const capexPart = (e: typeof base) => e.capexUsd / (e.lifetimeYears * 8766);
    expect(capexPart(changed)).toBeCloseTo(capexPart(base) / 2, 9);
    expect(changed.usdPerHour - capexPart(changed)).toBeCloseTo(2 * (base.usdPerHour - capexPart(base)), 9);
  });
});

describe('tokenEconomics', () => {
  it('tokenEconomics divides a GPU-hour and a GPU share of facility power by the tokens it makes', () => {
    const e = systemEconomics(buildPreset('hgx-h100', {}, 64));
    const t = tokenEconomics(e, 1000);
    expect(t.usdPerMillionTokens).toBeCloseTo((e.usdPerGpuHour / 3.6e6) * 1e6, 12);
    expect(t.joulesPerToken).toBeCloseTo(e.facilityPowerW / 64 / 1000, 12);
    expect(tokenEconomics(e, 0).usdPerMillionTokens).toBe(Number.POSITIVE_INFINITY);
  });
});
