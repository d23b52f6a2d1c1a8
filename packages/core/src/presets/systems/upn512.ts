/** Alibaba UPN512: 512 xPUs on one single-layer optical scale-up Clos over NPO modules. */

import { definePreset } from '../preset.js';
import { al128 } from './al128.js';

export const upn512 = definePreset({
  ...al128.input,
  name: 'upn512',
  description: 'Alibaba UPN512: 512 xPUs in one single-layer scale-up Clos over near-packaged optics (3.2T NPO modules), 4 racks of 128',
  source: 'Alibaba UPN512 announcement, Oct 2025 (secondary reports, see DESIGN.md s1); UALink 1.0 switch latency (cases.json spec-ualink-1.0)',
  assumptions: [
    'xPU not named: B300-class assumed as in al128, 875 GB/s per direction = 35 lanes',
    'single layer: every 512-lane switch gives each xPU one 200G lane, so 35 planes of 102.4T switches',
    'scale-out, DCN and CXL as al128; four Panjiu racks of 128 xPUs (350 kW each)',
  ],
  gpus: 512,
  scaleUp: { domainSize: 512, switch: 'alink-102t', bandwidthPerGpu: '875GB/s', medium: 'npo', inSwitchReduction: true, memorySemantics: true },
  cxl: { pool: 'cxl2-pool', hostsPerPool: 16, attach: 'host' },
  rack: { spec: 'al128-rack', gpus: 128 },
});
