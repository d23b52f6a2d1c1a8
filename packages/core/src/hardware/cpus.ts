/** Host CPU catalogue: cores, power, memory bandwidth and an assumed price, for the CPU side of each node. */

import { createRegistry } from '../registry/registry.js';
import { gBps, usd, watts } from '../units/units.js';
import type { CpuSpec } from './types.js';

const PRICE_NOTE = 'priceUsd is an order-of-magnitude street price we assumed; not a vendor quote';

/** Peak DRAM bandwidth = channels x MT/s x 8 bytes: 12 x 4800 MT/s x 8 B = 460.8 GB/s. */
const ddrPeak = (channels: number, megaTransfersPerSecond: number) => gBps((channels * megaTransfersPerSecond * 8) / 1e3);

export const cpus = createRegistry<CpuSpec>('CPU', [
  {
    id: 'grace',
    name: 'NVIDIA Grace',
    description: 'Arm Neoverse V2 CPU with LPDDR5X, paired with two Blackwell GPUs in a GB200 superchip.',
    source: 'NVIDIA Grace CPU and GB200 product pages (72 cores, LPDDR5X up to ~500 GB/s), not re-verified here',
    cores: 72,
    tdp: watts(250), // CPU plus its LPDDR5X; the Grace superchip (2 CPUs) is rated 500 W
    memoryBandwidth: gBps(500),
    priceUsd: usd(3_000),
    assumptions: ['tdp 250 W is half the 500 W Grace superchip rating (module incl. memory)', PRICE_NOTE],
  },
  {
    id: 'xeon-8480',
    name: 'Intel Xeon Platinum 8480+ (Sapphire Rapids)',
    description: 'Host CPU of most HGX H100 servers: 56 cores, 8 channels of DDR5-4800.',
    source: 'Intel ARK Xeon Platinum 8480+ (56 cores, 350 W, 8 x DDR5-4800), not re-verified here',
    cores: 56,
    tdp: watts(350),
    memoryBandwidth: ddrPeak(8, 4800), // 307.2 GB/s
    priceUsd: usd(10_000),
    assumptions: [PRICE_NOTE],
  },
  {
    id: 'epyc-9654',
    name: 'AMD EPYC 9654 (Genoa)',
    description: 'AMD host CPU for HGX and MI300X servers: 96 cores, 12 channels of DDR5-4800.',
    source: 'AMD EPYC 9654 product page (96 cores, 360 W default TDP, 12 x DDR5-4800), not re-verified here',
    cores: 96,
    tdp: watts(360),
    memoryBandwidth: ddrPeak(12, 4800), // 460.8 GB/s
    priceUsd: usd(11_000),
    assumptions: [PRICE_NOTE],
  },
  {
    id: 'kunpeng-920',
    name: 'Huawei Kunpeng 920',
    description: 'Arm host CPU of CloudMatrix384 nodes (4 per node, 192 in all) on the Unified Bus.',
    source:
      'arXiv 2506.12708 (CloudMatrix384: 4 Kunpeng CPUs per 8-NPU node, ~160 GB/s UB each); ' +
      'core count and DDR channels from the Kunpeng 920-7260 datasheet figures, not re-verified here',
    cores: 64,
    tdp: watts(180),
    memoryBandwidth: ddrPeak(8, 4800), // 307.2 GB/s: 32 DDR5 DIMMs per node / 4 CPUs = 8 channels each
    priceUsd: usd(4_000),
    assumptions: [
      'the CloudMatrix384 CPU SKU is not published: 64 cores and 180 W are the Kunpeng 920-7260 figures',
      'memory bandwidth assumes 8 channels of DDR5-4800 (a secondary model shows 32 DDR5 DIMMs per node)',
      PRICE_NOTE,
    ],
  },
  {
    id: 'xeon-6960p',
    name: 'Intel Xeon 6960P (Granite Rapids)',
    description: 'Granite Rapids host CPU for B300-class servers: 72 cores, 12 channels of DDR5-6400.',
    source: 'Intel ARK Xeon 6960P (72 cores, 500 W, 12 x DDR5-6400), not re-verified here',
    cores: 72,
    tdp: watts(500),
    memoryBandwidth: ddrPeak(12, 6400), // 614.4 GB/s with RDIMMs; MRDIMM-8800 would give 844.8
    priceUsd: usd(13_000),
    assumptions: [PRICE_NOTE],
  },
]);
