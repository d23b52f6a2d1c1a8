/** Tests of a rack's power shelves: what they supply, how many PSUs they spare at the rack's draw, and what a PSU failure interrupts. */

import { describe, expect, it } from 'vitest';
import { buildPreset } from '../test-support.js';
import { kw } from '../units/units.js';
import { systemFailures } from './failures.js';
import { shelfSupply, systemPower } from './power.js';

const powerRow = (system: ReturnType<typeof buildPreset>) => systemFailures(system).components.find((c) => c.component === 'power');

describe('power shelves', () => {
  it('shelfSupply spares floor((capacity - draw) / psu) PSUs: N+24 for 8 x 6 x 5.5 kW under 132 kW, short above 264 kW', () => {
    const shelves = { count: 8, psusPerShelf: 6, psuPower: kw(5.5) };
    expect(shelfSupply(shelves, 132_000)).toMatchObject({ psus: 48, capacity: 264_000, spare: 24 });
    expect(shelfSupply(shelves, 258_500).spare).toBe(1);
    expect(shelfSupply(shelves, 262_000).spare).toBe(0);
    expect(shelfSupply(shelves, 270_000).spare).toBeLessThan(0);
  });

  it('a GB200 NVL72 rack rides through a PSU failure; with its PSUs cut to its draw it does not, and describe warns', () => {
    const nvl72 = buildPreset('gb200-nvl72');
    expect(powerRow(nvl72)?.interrupts).toBe(false);
    expect(systemPower(nvl72).warnings.filter((w) => w.includes('power shelves'))).toEqual([]);
    // 22 PSUs of 5.5 kW = 121 kW over a ~115 kW rack: one to spare, still no interruption.
    const tight = buildPreset('gb200-nvl72', { rack: { powerShelves: { count: 1, psusPerShelf: 22, psuPower: '5.5kW' } } });
    expect(systemPower(tight).shelves?.spare).toBe(1);
    expect(powerRow(tight)?.interrupts).toBe(false);
    // 21 PSUs = 115.5 kW: held only with every PSU up, so one failure takes the rack (72 GPUs) down, and describe says so.
    const bare = buildPreset('gb200-nvl72', { rack: { powerShelves: { count: 1, psusPerShelf: 21, psuPower: '5.5kW' } } });
    expect(systemPower(bare).shelves?.spare).toBe(0);
    expect(powerRow(bare)).toMatchObject({ interrupts: true, blastRadiusGpus: 72 });
    expect(systemPower(bare).warnings.join('\n')).toMatch(/no PSU to spare: one PSU failure takes the rack down/);
    const short = buildPreset('gb200-nvl72', { rack: { powerShelves: { count: 1, psusPerShelf: 10, psuPower: '5.5kW' } } });
    expect(systemPower(short).warnings.join('\n')).toMatch(/over its 1 power shelves of 10 x 5\.5 kW \(55 kW\) by/);
  });

  it('servers with their own supplies (no shelves) keep losing the server to a supply failure', () => {
    expect(powerRow(buildPreset('hgx-h100'))).toMatchObject({ interrupts: true, blastRadiusGpus: 8 });
  });
});
