/** GB300 NVL72: GB200 NVL72's rack and NVLink5 domain with Blackwell Ultra GPUs and 800G ConnectX-8 SuperNICs. */

import { definePreset } from '../preset.js';
import { gb200Nvl72 } from './gb200-nvl72.js';

const gb200 = gb200Nvl72.input;

export const gb300Nvl72 = definePreset({
  ...gb200,
  name: 'gb300-nvl72',
  description: 'GB300 NVL72 rack: 72 Blackwell Ultra GPUs on 18 NVLink5 switch chips (900 GB/s per GPU per direction), 800G ConnectX-8 per GPU',
  source:
    'NVIDIA GB300 NVL72 pages; cases.json spec-NVIDIA_GB300_per_GPU (1.4 kW), spec-gb300-nvl72-rack (dense rates, 279 GB HBM3e a GPU), spec-connectx8 (800G, first deployed in GB300 NVL72)',
  assumptions: [
    "the GB200 NVL72 rack's trays, NVLink5 switches, Grace CPUs and C2C links, with the catalogue's GB300 GPU (the B300 die at 1.4 kW, 288 GB; the rack figures give 279 GB a GPU)",
    'scale-out: one ConnectX-8 (800G) per GPU on Quantum-X800 XDR InfiniBand, rail-optimized',
  ],
  gpu: 'gb300',
  ...(gb200.scaleOut ? { scaleOut: { ...gb200.scaleOut, nic: 'cx8', switch: 'quantum-x800' } } : {}),
});
