/** GB200 NVL72: 72 Blackwell GPUs in one NVLink5 domain across 18 compute trays and 9 switch trays. */

import { definePreset } from '../preset.js';

export const gb200Nvl72 = definePreset({
  name: 'gb200-nvl72',
  description: 'GB200 NVL72 rack: 72 GPUs on 18 NVLink5 switch chips (900 GB/s per GPU per direction), 400G ConnectX-7 per GPU',
  source: 'NVIDIA GB200 NVL72 pages; cases.json spec-NVIDIA_GB200_per_GPU, spec-nvlink-switch-gen5, spec-gb200-nvl72-rack',
  assumptions: [
    '18 compute trays of 4 GPUs and 2 Grace CPUs; each GPU has one NVLink5 link to each of 18 switch chips',
    'Grace-GPU NVLink-C2C: 900 GB/s bidirectional per Grace shared by 2 GPUs -> 225 GB/s per GPU per direction',
    'scale-out: one ConnectX-7 (400G) per GPU on Quantum-2, rail-optimized; server power besides GPUs and CPUs: 600 W per tray',
  ],
  gpu: 'gb200',
  gpus: 72,
  server: { gpus: 4, cpu: 'grace', cpus: 2, hostLinkBandwidth: '225GB/s', otherPower: '600W' },
  scaleUp: { domainSize: 72, switch: 'nvswitch-gen4', medium: 'copper' },
  scaleOut: { nic: 'cx7', nicsPerGpu: 1, switch: 'quantum-2', railOptimized: true },
  dcn: { nic: 'bluefield3', nicsPerServer: 1, attached: ['storage'] },
  rack: { spec: 'nvl72-rack', gpus: 72 },
  facility: { pue: 1.15 },
});
