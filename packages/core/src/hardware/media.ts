/** Link media catalogue: copper, pluggable, linear pluggable, near-packaged and co-packaged optics. */

import { createRegistry } from '../registry/registry.js';
import { meters, ns } from '../units/units.js';
import type { LinkMediumSpec } from './types.js';

/**
 * Energy of a link from the power of the module at each end: a module of W watts serving R Gb/s each way spends
 * W / R pJ per bit (1 W per Gb/s = 1000 pJ/bit, so 15 W / 800 Gb/s = 18.75 pJ/bit); a link has two ends.
 * Example: two 15 W 800G DSP modules = 2 x 18.75 = 37.5 pJ/bit.
 */
const linkPjPerBit = (wattsPerEnd: number, gbpsPerDirection: number) => (2 * wattsPerEnd * 1e3) / gbpsPerDirection;

/** Cost per Gb/s of one direction for the two ends: two $600 800G modules = 1200 / 800 = $1.5 per Gb/s. */
const linkUsdPerGbps = (usdPerEnd: number, gbpsPerDirection: number) => (2 * usdPerEnd) / gbpsPerDirection;

const SERDES_NOTE = 'host SerDes power is counted in the switch chip and GPU, not here';

export const linkMedia = createRegistry<LinkMediumSpec>('link medium', [
  {
    id: 'copper',
    name: 'Copper (passive DAC / cable backplane)',
    description: 'Passive copper cable or backplane: cheapest and lowest power, but only ~2 m at 100-200G lanes.',
    source:
      'NVIDIA DAC product specifications ("lowest-cost, lowest-latency, near zero power consuming"); ' +
      'UALink 1.0 <4 m copper reach (cases.json spec-ualink-1.0)',
    reach: meters(2), // 200G-lane passive copper in-rack; UALink allows <4 m
    energyPjPerBit: 0, // passive: no electronics in the data path
    usdPerGbps: linkUsdPerGbps(80, 800), // $0.2 per Gb/s
    latency: ns(0),
    optical: false,
    assumptions: [
      SERDES_NOTE,
      'reach 2 m assumed for 200G lanes (in-rack NVL72-style spines); 100G lanes reach ~3 m',
      'cost assumed ~$160 for an 800G DAC (both ends)',
    ],
  },
  {
    id: 'optics-pluggable',
    name: 'Pluggable optics with DSP (800G DR/FR class)',
    description: 'Standard retimed pluggable transceivers at both ends: 500 m+ reach at the highest power per bit.',
    source: 'axiomupgrades.com 800G LPO vs DSP note: ~14-16 W per 800G DSP module (secondary)',
    reach: meters(500), // DR8 single-mode; FR variants reach 2 km
    energyPjPerBit: linkPjPerBit(15, 800), // 37.5 pJ/bit for the link, ~19 per module
    usdPerGbps: linkUsdPerGbps(600, 800), // $1.5 per Gb/s
    latency: ns(100), // DSP at each end, ~50 ns apiece
    optical: true,
    assumptions: [SERDES_NOTE, 'module price $600 per 800G end assumed (volume price)', 'DSP latency ~50 ns per end assumed; not published per module'],
  },
  {
    id: 'lpo',
    name: 'Linear pluggable optics (LPO)',
    description: 'Pluggable optics without a DSP, driven by the host SerDes: about half the power and latency of DSP modules.',
    source: 'axiomupgrades.com and journalnewsinfo.com: 800G LPO ~8-9 W vs 14-16 W DSP; LPO MSA 100G-DR-LPO up to 500 m ' + '(secondary)',
    reach: meters(500), // LPO MSA 100G-DR-LPO, single-mode
    energyPjPerBit: linkPjPerBit(8.5, 800), // 21.25 pJ/bit
    usdPerGbps: linkUsdPerGbps(450, 800), // $1.125 per Gb/s
    latency: ns(10),
    optical: true,
    assumptions: [SERDES_NOTE, 'module price $450 per 800G end assumed (DSP removed)', 'latency 10 ns for driver and TIA at both ends assumed'],
  },
  {
    id: 'npo',
    name: 'Near-packaged optics (NPO)',
    description: 'Optical engines on the board next to the chip, linear drive (e.g. Alibaba 3.2T NPO in UPN512).',
    source:
      'Alibaba UPN512 technical whitepaper v1.0 (NPO with linear direct drive, 3.2T module) via ' +
      'reportify.ai and douzipai.cn copies (secondary); no power figure found',
    reach: meters(100),
    energyPjPerBit: linkPjPerBit(5.6, 800), // 14 pJ/bit: ~7 pJ/bit per end
    usdPerGbps: linkUsdPerGbps(350, 800), // $0.875 per Gb/s
    latency: ns(10),
    optical: true,
    assumptions: [
      SERDES_NOTE,
      'energy ~7 pJ/bit per end assumed (between LPO and CPO); the whitepaper figure was not found',
      'reach 100 m assumed (in-row scale-up optics)',
      'price and latency assumed as for LPO, less the module housing',
    ],
  },
  {
    id: 'cpo',
    name: 'Co-packaged optics (CPO)',
    description: 'Optical engines in the switch package (Broadcom Bailly/Davisson, NVIDIA Spectrum-X Photonics).',
    source:
      'etfpedia.wiki summary: NVIDIA Spectrum-X Photonics 3.5x better power efficiency than pluggables; ' +
      'convergedigest: CPO targets below 5 pJ/bit (secondary)',
    reach: meters(500),
    energyPjPerBit: linkPjPerBit(4.4, 800), // 11 pJ/bit: 5.5 per end (~3.5x better than ~19 per DSP module)
    usdPerGbps: linkUsdPerGbps(250, 800), // $0.625 per Gb/s
    latency: ns(5),
    optical: true,
    assumptions: [
      SERDES_NOTE,
      'both ends assumed co-packaged; a CPO switch to a pluggable NIC would sit between CPO and pluggable',
      'cost assumed ~40% of a DSP pluggable; latency 5 ns assumed',
    ],
  },
]);
