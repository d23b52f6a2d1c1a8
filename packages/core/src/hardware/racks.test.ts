import { describe, expect, it } from 'vitest';
import { publishedCase } from '../../../../test/published-cases.js';
import { toKw } from '../units/units.js';
import { cpus } from './cpus.js';
import { gpus } from './gpus.js';
import { racks } from './racks.js';

const devCase = (id: string) => publishedCase(id, 'spec');

describe('racks.get', () => {
  it('gives the AL128 rack its 350 kW supply and 500 kW heat budget', () => {
    // 350 kW from the announcement (spec-al128 conditions); 500 kW from the brief (spec-al128-cooling-500kW).
    const al128 = racks.get('al128-rack');
    expect(devCase('spec-al128').conditions.rack_power_supply).toBe(`${toKw(al128.powerBudget)} kW`);
    expect(toKw(al128.heatBudget)).toBe(devCase('spec-al128-cooling-500kW').value);
  });

  it('gives the NVL72 rack room for 72 GB200 GPUs and 36 Grace CPUs', () => {
    // 72 x 1200 W + 36 x 250 W = 95.4 kW of chips; the rest of the budget is switches, NICs, fans and losses.
    const chips = 72 * gpus.get('gb200').tdp + 36 * cpus.get('grace').tdp;
    expect(racks.get('nvl72-rack').powerBudget).toBeGreaterThan(chips);
  });

  it('gives the AL128 rack room for 128 B300 GPUs at TDP', () => {
    // 128 x 1300 W = 166.4 kW, well under 350 kW: the rest carries CPU nodes, ALink switches and optics.
    expect(racks.get('al128-rack').powerBudget).toBeGreaterThan(128 * gpus.get('b300').tdp);
  });
});
