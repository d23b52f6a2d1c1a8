/** AL128 at the top of its published range: 28 Tbit/s scale-up and 800 Gbit/s scale-out per GPU. */

import { definePreset } from '../preset.js';
import { AL128_SOURCE, al128 } from './al128.js';

export const al128x28t = definePreset({
  ...al128.input,
  name: 'al128-28t',
  description: 'AL128 with 28 Tbit/s scale-up (1.75 TB/s per direction) and 800 Gbit/s ConnectX-8 scale-out per GPU',
  source: AL128_SOURCE,
  assumptions: [
    ...al128.assumptions.filter((a) => !a.startsWith('14 Tbit/s') && !a.startsWith('scale-out')),
    '28 Tbit/s per GPU read as both directions together: 1750 GB/s per direction = 70 lanes of 200 Gb/s',
    'scale-out: one ConnectX-8 (800 Gbit/s) per GPU on Tomahawk 6',
  ],
  scaleUp: { ...al128.input.scaleUp, bandwidthPerGpu: '1750GB/s' },
  scaleOut: { nic: 'cx8', nicsPerGpu: 1, planes: 1, switch: 'tomahawk6', railOptimized: true },
});
