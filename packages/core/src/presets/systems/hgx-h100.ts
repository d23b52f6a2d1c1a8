/** HGX H100: 8 H100 SXM per server on 4 NVSwitch gen3, ConnectX-7 400G per GPU on Quantum-2 InfiniBand. */

import { hgxPreset } from './hgx.js';

export const hgxH100 = hgxPreset({
  name: 'hgx-h100',
  description: 'HGX H100 servers: 8 x H100 SXM on 4 NVSwitch gen3 (450 GB/s per GPU per direction), 400G NDR per GPU, rail-optimized',
  source: 'NVIDIA DGX H100 / HGX H100 datasheets; cases.json spec-NVIDIA_H100_SXM, spec-nvswitch-gen3, spec-connectx7',
  assumptions: ['server power besides GPUs, CPUs and NICs: 3 kW (DGX H100 is rated 10.2 kW)'],
  gpu: 'h100-sxm',
  nvswitch: 'nvswitch-gen3',
  planes: 4,
  nic: 'cx7',
  fabricSwitch: 'quantum-2',
  otherPower: '3kW',
  gpusPerRack: 32,
});
