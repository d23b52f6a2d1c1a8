/** HGX H800: the export H100 with NVLink cut to 400 GB/s bidirectional (8 links per GPU). */

import { hgxPreset } from './hgx.js';

export const hgxH800 = hgxPreset({
  name: 'hgx-h800',
  description: 'HGX H800 servers: 8 x H800 with 200 GB/s NVLink per direction on 4 NVSwitch gen3, 400G NDR per GPU (as DeepSeek-V3 trained)',
  source: 'Alibaba HPN SIGCOMM24 s9; DeepSeek-V3 technical report s3.1-3.2; cases.json spec-H800',
  assumptions: ['8 NVLink4 links per GPU, 2 to each of 4 NVSwitches', 'server power besides GPUs, CPUs and NICs: 3 kW'],
  gpu: 'h800',
  nvswitch: 'nvswitch-gen3',
  planes: 4,
  nic: 'cx7',
  fabricSwitch: 'quantum-2',
  otherPower: '3kW',
  gpusPerRack: 32,
});
