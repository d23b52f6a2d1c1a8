/** HGX H200: the H100 server with 141 GB of HBM3e per GPU. */

import { hgxPreset } from './hgx.js';

export const hgxH200 = hgxPreset({
  name: 'hgx-h200',
  description: 'HGX H200 servers: 8 x H200 (141 GB, 4.8 TB/s) on 4 NVSwitch gen3, 400G NDR per GPU, rail-optimized',
  source: 'NVIDIA HGX H200 datasheet; cases.json spec-NVIDIA_H200_SXM',
  assumptions: ['server power besides GPUs, CPUs and NICs: 3 kW, as HGX H100'],
  gpu: 'h200',
  nvswitch: 'nvswitch-gen3',
  planes: 4,
  nic: 'cx7',
  fabricSwitch: 'quantum-2',
  otherPower: '3kW',
  gpusPerRack: 32,
});
