/** DGX A100: 8 A100-80G on 6 NVSwitch gen2, ConnectX-6 200G HDR per GPU on Quantum HDR InfiniBand. */

import { hgxPreset } from './hgx.js';

export const dgxA100 = hgxPreset({
  name: 'dgx-a100',
  description: 'DGX A100 servers: 8 x A100-80G on 6 NVSwitch gen2 (300 GB/s per GPU per direction), 200G HDR per GPU, rail-optimized',
  source: 'NVIDIA DGX A100 datasheet (6.5 kW, 8 x ConnectX-6); cases.json spec-NVIDIA_A100_SXM_80GB',
  assumptions: ['12 NVLink3 links per GPU, 2 to each of 6 NVSwitches', 'server power besides GPUs, CPUs and NICs: 2.3 kW (DGX A100 is rated 6.5 kW)'],
  gpu: 'a100-80g',
  nvswitch: 'nvswitch-gen2',
  planes: 6,
  nic: 'cx6',
  fabricSwitch: 'quantum',
  otherPower: '2.3kW',
  gpusPerRack: 32,
});
