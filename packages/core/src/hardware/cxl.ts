/** CXL memory pool catalogue: capacity, per-host link bandwidth, load latency and host count. */

import { createRegistry } from '../registry/registry.js';
import { gBps, gib, ns, usd, watts } from '../units/units.js';
import type { CxlPoolSpec } from './types.js';

const CXL_SOURCE =
  'CXL 2.0/3.0 summary: 32 GT/s (PCIe 5.0 PHY) vs 64 GT/s (PCIe 6.0 PHY), pooling via MLDs, 2-5x local DRAM ' +
  'latency on real devices (arXiv 2405.14209 via zerna.io; nextplatform 2022-12-05) (cases.json spec-cxl); ' +
  'AL128 "hundreds of ns" (cases.json spec-al128)';

export const cxlPools = createRegistry<CxlPoolSpec>('CXL memory pool', [
  {
    id: 'cxl2-pool',
    name: 'CXL 2.0 pooled memory (MLD, 2 TiB)',
    description: 'A 2 TiB CXL 2.0 multi-headed memory device shared by up to 16 hosts over PCIe 5.0 x8 links.',
    source: CXL_SOURCE,
    capacity: gib(2048),
    bandwidthPerHost: gBps(31.5), // PCIe 5.0 x8: 8 x 32 GT/s x 128/130 / 8 per direction
    loadLatency: ns(300), // ~3x a ~100 ns local DRAM load, inside the 2-5x range
    maxHosts: 16, // a CXL 2.0 MLD exposes up to 16 logical devices
    power: watts(400),
    priceUsd: usd(20_000),
    assumptions: [
      'capacity 2 TiB and x8 per host are a chosen configuration, not a product',
      'load latency 300 ns assumed: 3x local DRAM (cases.json gives 2-5x, no exact ns)',
      'power 400 W (32 DDR5 RDIMMs plus controller) and price ($5/GB DRAM plus ~$10k device) assumed',
    ],
  },
  {
    id: 'cxl3-pool',
    name: 'CXL 3.0 switched memory fabric (16 TiB)',
    description: 'A 16 TiB memory pool behind a CXL 3.0 switch, shared by up to 32 hosts over PCIe 6.0 x8 links.',
    source: CXL_SOURCE,
    capacity: gib(16 * 1024),
    bandwidthPerHost: gBps(60.5), // PCIe 6.0 x8: 8 x 64 GT/s x 242/256 (FLIT) / 8 per direction
    loadLatency: ns(500), // one more switch hop than cxl2-pool, upper half of the 2-5x range
    maxHosts: 32,
    power: watts(2_500),
    priceUsd: usd(150_000),
    assumptions: [
      'capacity, host count and x8 links are a chosen configuration; CXL 3.0 fabrics allow far more',
      'load latency 500 ns assumed: ~5x local DRAM with a switch hop (cases.json gives 2-5x)',
      'power and price assumed by scaling cxl2-pool by capacity plus a CXL switch',
    ],
  },
]);
