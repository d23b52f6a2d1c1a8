/** 8-GPU HGX/DGX server clusters: NVSwitch inside the server, one NIC per GPU on a rail-optimized Clos. */

import type { SystemInput } from '../../system/schema.js';
import { definePreset, type SystemPreset } from '../preset.js';

interface HgxOptions {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly assumptions: string[];
  readonly gpu: string;
  readonly nvswitch: string;
  readonly planes: number;
  readonly nic: string;
  readonly fabricSwitch: string;
  readonly otherPower: string;
  readonly gpusPerRack: number;
}

const COMMON_ASSUMPTIONS = [
  'rail-optimized non-blocking Clos, NIC r of every server on rail r; tiers chosen as the fewest that fit',
  'two Sapphire Rapids host CPUs per server; one BlueField-3 front-end (DCN) NIC per server',
  'air-cooled racks of 40 kW',
];

export function hgxPreset(o: HgxOptions): SystemPreset {
  const input: SystemInput = {
    name: o.name,
    gpu: o.gpu,
    gpus: 8,
    server: { gpus: 8, cpu: 'xeon-8480', cpus: 2, otherPower: o.otherPower },
    scaleUp: { domainSize: 8, switch: o.nvswitch, planes: o.planes, medium: 'copper' },
    scaleOut: { nic: o.nic, nicsPerGpu: 1, switch: o.fabricSwitch, railOptimized: true },
    dcn: { nic: 'bluefield3', nicsPerServer: 1, attached: ['storage'] },
    rack: { spec: 'air-40kw', gpus: o.gpusPerRack },
    facility: { pue: 1.3 },
  };
  return definePreset({ ...input, description: o.description, source: o.source, assumptions: [...o.assumptions, ...COMMON_ASSUMPTIONS] });
}
