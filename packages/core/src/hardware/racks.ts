/** Rack catalogue: power supply and heat budgets, cooling kind and an assumed infrastructure price. */

import { createRegistry } from '../registry/registry.js';
import { kw, usd } from '../units/units.js';
import type { RackSpec } from './types.js';

const PRICE_NOTE =
  'priceUsd is our assumed cost of the rack infrastructure only (frame, power shelves, busbar, manifolds), ' +
  'excluding the compute, switch and optics it holds';

export const racks = createRegistry<RackSpec>('rack', [
  {
    id: 'al128-rack',
    name: 'Alibaba Panjiu AL128 supernode rack',
    description: 'Double-wide liquid-cooled rack for 128-144 GPUs: 350 kW power supply, 500 kW heat dissipation.',
    source:
      'Alibaba Cloud, Apsara Conference 2025 (alibabacloud.com blog 602665 via snowan.gitbook.io; ' +
      'cases.json spec-al128); ' +
      '500 kW from the brief (cases.json spec-al128-cooling-500kW, unverified)',
    powerBudget: kw(350),
    heatBudget: kw(500), // unverified: not found in the sources read
    coolingPerGpu: kw(2), // about 2 kW of liquid cooling per GPU (the same sources)
    // Assumption: Alibaba publishes no shelf figures for its separate power nodes; Open Rack v3 HPR shelves (6 x 5.5 kW)
    // sized one shelf and a PSU over the 350 kW supply: 11 x 6 x 5.5 = 363 kW, N+2 at the supply.
    powerShelves: { count: 11, psusPerShelf: 6, psuPower: kw(5.5) },
    cooling: 'liquid',
    priceUsd: usd(300_000),
    assumptions: [
      'heat budget 500 kW is unverified (cases.json spec-al128-cooling-500kW)',
      'power shelves assumed: 11 Open Rack v3 HPR shelves of 6 x 5.5 kW (363 kW) for the 350 kW supply; no published figure',
      PRICE_NOTE,
    ],
  },
  {
    id: 'nvl72-rack',
    name: 'NVIDIA GB200 NVL72 rack',
    description: 'Liquid-cooled rack of 72 Blackwell GPUs and 36 Grace CPUs on one NVLink5 domain, ~120-132 kW.',
    source: 'aiwiki.ai and awesomeagents.ai citing NVIDIA: ~120 kW (cases.json spec-gb200-nvl72-rack, secondary)',
    powerBudget: kw(132), // upper figure commonly quoted for facility planning
    heatBudget: kw(132), // all drawn power leaves as heat
    // 8 x 1U power shelves (introl.com 'Why the NVIDIA GB300 NVL72 matters', rack table citing Supermicro, secondary), each
    // an Open Rack v3 HPR shelf of 6 x 5.5 kW PSUs (33 kW): 264 kW behind a 132 kW rack, the A and B feeds' 2N.
    powerShelves: { count: 8, psusPerShelf: 6, psuPower: kw(5.5) },
    cooling: 'liquid',
    priceUsd: usd(150_000),
    assumptions: [
      'budget 132 kW is the commonly quoted maximum (not verified here); cases.json gives ~120 kW typical',
      '8 power shelves from a secondary source; 6 x 5.5 kW PSUs a shelf assumed (Open Rack v3 HPR, 33 kW)',
      PRICE_NOTE,
    ],
  },
  {
    id: 'air-40kw',
    name: 'Standard air-cooled rack, 40 kW',
    description: 'Air-cooled rack holding e.g. four 8-GPU HGX H100 servers (~10 kW each) at 40 kW.',
    source: 'assumption: four HGX H100 servers at ~10.2 kW max each (DGX H100 rating, not re-verified here)',
    powerBudget: kw(40),
    heatBudget: kw(40),
    cooling: 'air',
    priceUsd: usd(20_000),
    assumptions: ['40 kW per rack is a planning assumption for a high-density air-cooled hall', PRICE_NOTE],
  },
  {
    id: 'cm384-rack',
    name: 'Huawei CloudMatrix384 compute rack',
    description: 'One of the 12 compute racks of CloudMatrix384 (16 racks in all, 4 hold UB switches): 4 nodes, 32 NPUs.',
    source:
      'arXiv 2506.12708 (12 compute + 4 communication racks, 48 nodes of 8 NPUs); node ~16.2 kW max from a public ' +
      'CloudMatrix model (secondary); SemiAnalysis ~559 kW for the whole system (secondary)',
    powerBudget: kw(65), // 4 nodes x 16.2 kW
    heatBudget: kw(65),
    cooling: 'liquid',
    priceUsd: usd(60_000),
    assumptions: [
      'per-rack budget assumed as 4 nodes x 16.2 kW (secondary); Huawei publishes no per-rack figure',
      'liquid cooling assumed from secondary layouts; the paper does not state it',
      PRICE_NOTE,
    ],
  },
  {
    id: 'upn-rack',
    name: 'Alibaba UPN512 xPU rack',
    description: 'A liquid-cooled rack of an Alibaba UPN512 optical scale-up domain (512 xPUs over NPO, single-tier Clos).',
    source: 'assumption; UPN512 architecture per Alibaba Cloud UPN512 whitepaper v1.0 (secondary), no rack figures found',
    powerBudget: kw(200),
    heatBudget: kw(200),
    cooling: 'liquid',
    priceUsd: usd(200_000),
    assumptions: ['power and heat 200 kW assumed: e.g. 64 xPUs at ~2 kW plus hosts and NPO switches in one rack', PRICE_NOTE],
  },
]);
