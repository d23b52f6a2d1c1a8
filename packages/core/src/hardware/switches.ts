/** Switch chip catalogue: scale-up (NVSwitch, ALink/UALink, UB) and scale-out (Ethernet, InfiniBand) silicon. */

import { createRegistry } from '../registry/registry.js';
import { type BytesPerSecond, gBps, gbps, ns, REL_TOLERANCE, usd, watts } from '../units/units.js';
import type { SwitchChipSpec } from './types.js';

const PRICE_NOTE = 'priceUsd is our assumed cost of switch hardware per chip (board, chassis share), excluding optics';

/**
 * Ports a chip offers at `portRate`: each port takes whole lanes, so
 * floor(lanes / ceil(portRate / laneRate)). Tomahawk 5, 512 x 100G lanes, at 400G: ceil(4) = 4 lanes a port,
 * floor(512 / 4) = 128 ports. The ratio is shrunk by the project tolerance so 4.0000000001 still counts as 4.
 */
export function portsAt(chip: SwitchChipSpec, portRate: BytesPerSecond): number {
  const lanesPerPort = Math.max(1, Math.ceil((portRate / chip.laneRate) * (1 - REL_TOLERANCE)));
  return Math.floor(chip.lanes / lanesPerPort);
}

/**
 * Operand bytes an NVLink5 switch chip reduces per second. NVIDIA publishes no figure, so it is fitted: on 8 GPUs of
 * HGX B200 (two chips) NVLS runs switch-bound, and the geometric-mean fit of the dev rows coll-8xB200-ar (830+ GB/s
 * busbw) and coll-8xB300-ar-nvls-onoff-2026#on (845) gives 1.72 TB/s per chip. Held-back check: the full GB200 NVL72
 * rack (72 GPUs on 18 chips, 71 adds per element; holdout row coll-gb200-nvl72-ar-72) measures 835-847 GB/s at
 * 4-8 GiB, and this rate predicts ~838. It is 1.08x the 400 GFLOP/s FP32 (1.6 TB/s) quoted for the Hopper chip: the
 * links doubled, the reduction engines did not.
 */
export const NVLINK5_SWITCH_REDUCTION_RATE = gBps(1720);

export const switchChips = createRegistry<SwitchChipSpec>('switch chip', [
  {
    id: 'nvswitch-gen2',
    name: 'NVIDIA NVSwitch gen2 (Ampere, NVLink3)',
    description: 'Ampere-generation NVSwitch: 36 NVLink3 ports at 25 GB/s per direction; no in-switch reduction.',
    source: 'NVIDIA A100 Tensor Core GPU architecture whitepaper (2020): 6 NVSwitches per HGX A100, 36 ports each, 600 GB/s per GPU bidirectional',
    fabric: 'scale-up',
    lanes: 36, // one lane here = one NVLink3 link
    laneRate: gBps(25), // NVLink3 link = 25 GB/s per direction (12 links = 300 GB/s per GPU)
    portToPortLatency: ns(150),
    inNetworkReduction: false, // SHARP in NVSwitch arrived with gen3 (Hopper)
    power: watts(100),
    priceUsd: usd(4_000),
    assumptions: ['port-to-port latency 150 ns and power 100 W assumed, as nvswitch-gen3', PRICE_NOTE],
  },
  {
    id: 'nvswitch-gen3',
    name: 'NVIDIA NVSwitch gen3 (Hopper, NVLink4)',
    description: 'Hopper-generation NVSwitch: 64 NVLink4 ports at 25 GB/s per direction, with NVLS/SHARP reduction.',
    source:
      'developer.nvidia.com blog on the third-generation NVSwitch and nvidia.com NVLink page ' + '(cases.json spec-nvswitch-gen3: 64 ports, SHARP engines)',
    fabric: 'scale-up',
    lanes: 64, // one lane here = one NVLink4 link (2 x 100G PAM4 SerDes)
    laneRate: gBps(25), // NVLink4 link = 25 GB/s per direction -> 3.2 TB/s per chip (cases.json, secondary math)
    portToPortLatency: ns(150),
    inNetworkReduction: true, // NVLink SHARP (NVLS)
    // 400 GFLOP/s of FP32 adds per chip = 1.6e12 operand bytes/s (a user's statement in NVIDIA/nccl issue 1455;
    // NVIDIA publishes none). Not binding on 8 H100s: 275 GB/s algbw x 7 adds / 4 chips needs 0.48e12 B/s per chip.
    reductionRate: gBps(1600),
    power: watts(100),
    priceUsd: usd(5_000),
    assumptions: [
      'port-to-port latency 150 ns assumed: NVIDIA publishes none (cases.json spec-nvlink-switch-latency); ' +
        'set at the UALink 1.0 target for a switch of similar size',
      'reduction rate 1.6 TB/s of operands (400 GFLOP/s FP32) from a user statement (NVIDIA/nccl issue 1455), not an NVIDIA figure',
      'power 100 W per chip assumed; not published',
      PRICE_NOTE,
    ],
  },
  {
    id: 'nvswitch-gen4',
    name: 'NVIDIA NVLink Switch chip gen4 (Blackwell, NVLink5)',
    description: 'NVLink5 switch chip of GB200 NVL72: 72 ports at 50 GB/s per direction, two chips per switch tray.',
    source:
      'nvidia.com NVLink page: 144 NVLink ports and 14.4 TB/s per NVLink Switch tray ' +
      '(cases.json spec-nvlink-switch-gen5); ' +
      'per-chip figures are half a tray',
    fabric: 'scale-up',
    lanes: 72, // one lane here = one NVLink5 link; 2 chips x 72 = 144 ports per tray
    laneRate: gBps(50), // 2 chips x 72 x 50 GB/s x 2 directions = 14.4 TB/s per tray
    portToPortLatency: ns(150),
    inNetworkReduction: true, // NVLink SHARP
    reductionRate: NVLINK5_SWITCH_REDUCTION_RATE,
    power: watts(300),
    priceUsd: usd(10_000),
    assumptions: [
      'two chips per tray (72 ports each) is our reading of the 144-port tray figure',
      'reduction rate fitted (NVLINK5_SWITCH_REDUCTION_RATE): NVIDIA publishes none',
      'port-to-port latency 150 ns assumed; no published figure (cases.json spec-nvlink-switch-latency)',
      'power 300 W per chip assumed; not published',
      PRICE_NOTE,
    ],
  },
  {
    id: 'alink-51t',
    name: 'ALink / UALink 1.0-class scale-up switch, 51.2 Tb/s',
    description: 'Memory-semantic scale-up switch of the AL128 class: 256 lanes at 200 Gb/s, <= 200 ns port to port.',
    source:
      'UALink 200G 1.0 specification summaries: 200 Gb/s lanes, <200 ns for 51.2T switches ' +
      '(cases.json spec-ualink-1.0); ALink per the AL128 announcement (cases.json spec-al128)',
    fabric: 'scale-up',
    lanes: 256, // 256 x 200 Gb/s = 51.2 Tb/s
    laneRate: gbps(200),
    portToPortLatency: ns(200),
    inNetworkReduction: true,
    power: watts(350),
    priceUsd: usd(15_000),
    assumptions: [
      'in-network reduction assumed: ALink is described with memory semantics (load/store), and UALink 1.0 ' + 'does not itself define switch reduction',
      'power 350 W assumed (below a 51.2T Ethernet chip: simpler pipeline, small buffers)',
      PRICE_NOTE,
    ],
  },
  {
    id: 'alink-102t',
    name: 'ALink / UALink 1.0-class scale-up switch, 102.4 Tb/s',
    description: 'Memory-semantic scale-up switch: 512 lanes at 200 Gb/s, <= 250 ns port to port.',
    source: 'UALink 200G 1.0 specification summaries: <250 ns for 102.4T switches (cases.json spec-ualink-1.0)',
    fabric: 'scale-up',
    lanes: 512, // 512 x 200 Gb/s = 102.4 Tb/s
    laneRate: gbps(200),
    portToPortLatency: ns(250),
    inNetworkReduction: true,
    power: watts(600),
    priceUsd: usd(25_000),
    assumptions: ['in-network reduction assumed: ALink is described with memory semantics; UALink 1.0 does not define it', 'power 600 W assumed', PRICE_NOTE],
  },
  {
    id: 'ub-switch',
    name: 'Huawei UB switch chip (CloudMatrix384)',
    description: 'Unified Bus switch chip of CloudMatrix384: 48 ports at 28 GB/s, used as L1 (on board) and L2 (network racks).',
    source:
      'arXiv 2506.12708 §3 as summarised in public CloudMatrix models: 7 UB sub-planes, 16 L2 chips per plane, ' +
      'each L2 chip 48 x 28 GB/s ports; ~200 ns single-hop latency (secondary)',
    fabric: 'scale-up',
    lanes: 48, // one lane here = one 28 GB/s UB port
    laneRate: gBps(28),
    portToPortLatency: ns(200),
    inNetworkReduction: false,
    power: watts(150),
    priceUsd: usd(8_000),
    assumptions: [
      'the same chip is assumed at L1 and L2; only the L2 port count (48 x 28 GB/s) is reported',
      'latency 200 ns is a secondary single-hop figure, not the paper',
      'no in-switch reduction reported; power 150 W assumed',
      PRICE_NOTE,
    ],
  },
  {
    id: 'tomahawk5',
    name: 'Broadcom Tomahawk 5 (BCM78900)',
    description: '51.2 Tb/s Ethernet switch chip: 512 x 100G lanes, 64 x 800G or 128 x 400G ports.',
    source: 'Broadcom announcement via convergedigest 2022-08, TechInsights (cases.json spec-tomahawk5)',
    fabric: 'ethernet',
    lanes: 512, // 512 x 100G PAM4 (106.25 Gb/s signalling)
    laneRate: gbps(100),
    portToPortLatency: ns(700),
    inNetworkReduction: false,
    power: watts(500), // ~450-500 W estimates (cases.json spec-tomahawk5)
    priceUsd: usd(30_000),
    assumptions: ['port-to-port latency 700 ns assumed (middle of the 600-800 ns usually quoted for Tomahawk-class chips)', PRICE_NOTE],
  },
  {
    id: 'tomahawk6',
    name: 'Broadcom Tomahawk 6 (BCM78910)',
    description: '102.4 Tb/s Ethernet switch chip: 512 x 200G lanes, 64 x 1.6T ports, also sold for scale-up.',
    source: 'Broadcom Tomahawk 6 launch via servethehome (cases.json spec-tomahawk6)',
    fabric: 'ethernet',
    lanes: 512, // 512 x 200G PAM4 (a 1024 x 100G variant exists)
    laneRate: gbps(200),
    portToPortLatency: ns(700),
    inNetworkReduction: false,
    power: watts(900),
    priceUsd: usd(50_000),
    assumptions: ['latency assumed equal to Tomahawk 5', 'power 900 W assumed; not published', PRICE_NOTE],
  },
  {
    id: 'quantum-2',
    name: 'NVIDIA Quantum-2 (NDR InfiniBand)',
    description: 'NDR InfiniBand switch chip: 64 ports at 400 Gb/s (51.2 Tb/s) with SHARPv3 in-network reduction.',
    source: 'NVIDIA QM9700/QM9790 user manual (64 x 400G NDR, SHARPv3); ' + 'latency "under 150 ns" per router-switch.com (secondary)',
    fabric: 'infiniband',
    lanes: 256, // 256 x 100G lanes -> 64 ports at 400G
    laneRate: gbps(100),
    portToPortLatency: ns(130),
    inNetworkReduction: true, // SHARPv3
    power: watts(450),
    priceUsd: usd(30_000),
    assumptions: [
      'latency 130 ns assumed, within the secondary "under 150 ns" figure',
      'chip power 450 W assumed; NVIDIA quotes system power only',
      PRICE_NOTE,
    ],
  },
  {
    id: 'quantum-x800',
    name: 'NVIDIA Quantum-X800 (XDR InfiniBand)',
    description: 'XDR InfiniBand switch chip of the Q3400 switch: 144 ports at 800 Gb/s (115.2 Tb/s) with SHARPv4 in-network reduction.',
    source: "NVIDIA GTC 2024 press release 'NVIDIA Quantum-X800 and Spectrum-X800' (144 ports of 800 Gb/s, SHARPv4); the GB300 NVL72 reference scale-out",
    fabric: 'infiniband',
    lanes: 576, // 576 x 200G lanes -> 144 ports at 800G
    laneRate: gbps(200),
    portToPortLatency: ns(130),
    inNetworkReduction: true, // SHARPv4
    power: watts(900),
    priceUsd: usd(60_000),
    assumptions: ['latency 130 ns assumed, as Quantum-2', 'chip power 900 W assumed; NVIDIA quotes system power only', PRICE_NOTE],
  },
  {
    id: 'quantum',
    name: 'NVIDIA Quantum (HDR InfiniBand)',
    description: 'HDR InfiniBand switch chip: 40 ports at 200 Gb/s (16 Tb/s) with SHARP reduction.',
    source: 'NVIDIA QM87xx HDR switch user manual (40 x 200G HDR, SHARP, ~130 ns latency), not re-verified here',
    fabric: 'infiniband',
    lanes: 160, // 160 x 50G lanes -> 40 ports at 200G
    laneRate: gbps(50),
    portToPortLatency: ns(130),
    inNetworkReduction: true, // SHARPv2
    power: watts(250),
    priceUsd: usd(15_000),
    assumptions: ['latency 130 ns as recalled from the QM87xx manual', 'chip power 250 W assumed', PRICE_NOTE],
  },
]);
