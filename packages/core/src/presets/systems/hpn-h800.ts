/** Alibaba HPN: H800 servers on a dual-plane, rail-optimized Ethernet fabric with 1,024-GPU segments. */

import { definePreset } from '../preset.js';

export const hpnH800 = definePreset({
  name: 'hpn-h800',
  description: 'Alibaba HPN: 8 x H800 servers, 2 x 200G BlueField-3 per GPU on two planes, 51.2T ToRs with 1,024-GPU segments, 15:1 aggregation-core',
  source: 'Qian et al., Alibaba HPN, SIGCOMM24 s3, s5, s6 (cases.json spec-hpn-topology, spec-bluefield3-hpn)',
  assumptions: [
    'ToR: 128 x 200G down and 60 x 400G up (oversubscription 128x200 / 60x400 = 1.067); backup ports not modelled',
    'aggregation to core 15:1 as published; the core tier appears once a plane needs more than one pod',
    'two servers per 40 kW air-cooled rack (BlueField-3 DPUs draw more than plain NICs)',
  ],
  gpu: 'h800',
  gpus: 1024,
  server: { gpus: 8, cpu: 'xeon-8480', cpus: 2, otherPower: '3kW' },
  scaleUp: { domainSize: 8, switch: 'nvswitch-gen3', planes: 4, medium: 'copper' },
  scaleOut: {
    nic: 'bluefield3',
    nicsPerGpu: 1,
    planes: 2,
    switch: 'tomahawk5',
    railOptimized: true,
    oversubscription: 1.067,
    upperOversubscription: 15,
    uplinkSpeed: '400Gbps',
  },
  dcn: { nic: 'bluefield3', nicsPerServer: 1, attached: ['storage'] },
  rack: { spec: 'air-40kw', gpus: 16 },
  facility: { pue: 1.3 },
});
