import { describe, expect, it } from 'vitest';
import { linkMedia } from './media.js';

describe('linkMedia.get', () => {
  it('charges a DSP pluggable link for both of its modules', () => {
    // Two 15 W 800G modules: 2 x 15 W / 800 Gb/s = 37.5 pJ/bit, and two $600 modules = $1.5 per Gb/s.
    const pluggable = linkMedia.get('optics-pluggable');
    expect(pluggable.energyPjPerBit).toBeCloseTo(37.5, 9);
    expect(pluggable.usdPerGbps).toBeCloseTo(1.5, 9);
  });
});

describe('linkMedia.entries', () => {
  it('orders optics by energy: pluggable > LPO > NPO > CPO > copper', () => {
    // Each step removes electronics (DSP, then module housing and long traces, then the package gap).
    const energy = (id: string) => linkMedia.get(id).energyPjPerBit;
    expect(energy('optics-pluggable')).toBeGreaterThan(energy('lpo'));
    expect(energy('lpo')).toBeGreaterThan(energy('npo'));
    expect(energy('npo')).toBeGreaterThan(energy('cpo'));
    expect(energy('cpo')).toBeGreaterThan(energy('copper'));
  });

  it('gives copper the shortest reach', () => {
    // Copper's reach (metres) is what pushes scale-up domains past one rack onto optics.
    const copper = linkMedia.get('copper').reach;
    for (const medium of linkMedia.entries) {
      if (medium.id !== 'copper') expect(medium.reach, medium.id).toBeGreaterThan(copper);
    }
  });
});
