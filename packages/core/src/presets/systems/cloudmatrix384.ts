/** Huawei CloudMatrix384: 384 Ascend 910C on a two-tier, seven-plane Unified Bus scale-up fabric across 16 racks. */

import { definePreset } from '../preset.js';

export const cloudMatrix384 = definePreset({
  name: 'cloudmatrix384',
  description: 'Huawei CloudMatrix384: 384 Ascend 910C in one UB domain (7 planes, on-board L1 and 16 L2 switches per plane), 392 GB/s per NPU per direction',
  source: 'Huawei CloudMatrix384, arXiv 2506.12708 s3 (48 nodes x 8 NPUs + 4 Kunpeng CPUs, 7 L1 UB switches per node, 7 sub-planes x 16 L2 switches)',
  assumptions: [
    'UB lanes modelled as 28 GB/s ports: 14 per NPU, 2 per plane',
    'RDMA scale-out: 400 Gbit/s per NPU, modelled on a ConnectX-7-class NIC and a 51.2T Ethernet Clos',
    '12 compute racks of 32 NPUs (the 4 UB network racks are counted in the switch figures, not the rack budget)',
  ],
  gpu: 'ascend-910c',
  gpus: 384,
  server: { gpus: 8, cpu: 'kunpeng-920', cpus: 4, otherPower: '1.5kW' },
  scaleUp: { domainSize: 384, switch: 'ub-switch', tiers: 2, leafGpus: 8, planes: 7, bandwidthPerGpu: '392GB/s', medium: 'optics-pluggable' },
  scaleOut: { nic: 'cx7', nicsPerGpu: 1, switch: 'tomahawk5', railOptimized: true },
  dcn: { nic: 'bluefield3', nicsPerServer: 1, attached: ['storage', 'kv-cache'] },
  rack: { spec: 'cm384-rack', gpus: 32 },
  facility: { pue: 1.2 },
});
