/** Alibaba Panjiu AL128 supernode: 128 GPUs on one single-stage ALink scale-up fabric, 14 Tbit/s per GPU. */

import { definePreset } from '../preset.js';

export const AL128_SOURCE =
  'Alibaba Cloud Apsara Conference 2025, Panjiu AI Infra 2.0 AL128 (alibabacloud.com blog 602665; cases.json spec-al128, spec-al128-cooling-500kW)';

export const al128 = definePreset({
  name: 'al128',
  description: 'Alibaba AL128 supernode: 128 GPUs, single-stage ALink scale-up at 14 Tbit/s per GPU, 400 Gbit/s scale-out, CXL pool, 350 kW rack',
  source: AL128_SOURCE,
  assumptions: [
    'GPU not named by Alibaba: B300-class assumed from the ~2 kW liquid-cooling budget per GPU',
    '14 Tbit/s per GPU read as both directions together: 875 GB/s per direction = 35 lanes of 200 Gb/s',
    'scale-up switch: UALink 1.0-class 102.4T chip (512 x 200G lanes, <= 250 ns); 9 planes give every GPU one hop to every GPU',
    'scale-out: HPN-style dual-plane over BlueField-3 (2 x 200G per GPU) and Tomahawk 5',
    'servers of 8 GPUs (one OS image), 2 host CPUs each; CXL 2.0 pool shared by the 16 servers',
  ],
  gpu: 'b300',
  gpus: 128,
  server: { gpus: 8, cpu: 'xeon-6960p', cpus: 2, otherPower: '1200W' },
  scaleUp: { domainSize: 128, switch: 'alink-102t', bandwidthPerGpu: '875GB/s', medium: 'copper', inSwitchReduction: true, memorySemantics: true },
  scaleOut: { nic: 'bluefield3', nicsPerGpu: 1, planes: 2, switch: 'tomahawk5', railOptimized: true },
  dcn: { nic: 'bluefield3', nicsPerServer: 1, attached: ['storage', 'kv-cache'] },
  cxl: { pool: 'cxl2-pool', hostsPerPool: 16, attach: 'host' },
  rack: { spec: 'al128-rack', gpus: 128 },
  facility: { pue: 1.15 },
});
