/** AL144: the 144-GPU build of the Panjiu supernode rack. */

import { definePreset } from '../preset.js';
import { AL128_SOURCE, al128 } from './al128.js';

export const al144 = definePreset({
  ...al128.input,
  name: 'al144',
  description: 'Panjiu supernode with 144 GPUs in one single-stage scale-up domain (the top of the 128-144 range)',
  source: AL128_SOURCE,
  assumptions: [...al128.assumptions, '144 GPUs leave 3 lanes per GPU on each 512-lane switch: 12 planes'],
  gpus: 144,
  scaleUp: { ...al128.input.scaleUp, domainSize: 144 },
  cxl: { pool: 'cxl2-pool', hostsPerPool: 18, attach: 'host' },
  rack: { spec: 'al128-rack', gpus: 144 },
});
