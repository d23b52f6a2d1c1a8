/** HGX B200: 8 B200 on two NVLink5 switch chips (1.8 TB/s bidirectional per GPU), 400G per GPU. */

import { hgxPreset } from './hgx.js';

export const hgxB200 = hgxPreset({
  name: 'hgx-b200',
  description: 'HGX B200 servers: 8 x B200 on 2 NVLink5 switch chips (900 GB/s per GPU per direction), 400G per GPU, rail-optimized',
  source: 'NVIDIA DGX B200 datasheet (14.3 kW, 8 x ConnectX-7); cases.json spec-NVIDIA_B200_SXM, spec-nvlink-switch-gen5',
  assumptions: [
    '18 NVLink5 links per GPU, 9 to each of 2 switch chips',
    'server power besides GPUs, CPUs and NICs: 4.5 kW (DGX B200 is rated 14.3 kW)',
    'two servers per 40 kW rack',
  ],
  gpu: 'b200',
  nvswitch: 'nvswitch-gen4',
  planes: 2,
  nic: 'cx7',
  fabricSwitch: 'quantum-2',
  otherPower: '4.5kW',
  gpusPerRack: 16,
});
