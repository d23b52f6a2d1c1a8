/** Scale-out NIC catalogue: line rate, host interface, per-NIC latency, power and an assumed price. */

import { createRegistry } from '../registry/registry.js';
import { gBps, gbps, us, usd, watts } from '../units/units.js';
import type { NicSpec } from './types.js';

const PRICE_NOTE = 'priceUsd is an order-of-magnitude street price we assumed; not a vendor quote';

/**
 * Latency one NIC adds to a message, one way. Two NICs back to back measure ~1 us for a small RDMA write
 * (perftest ib_write_lat order), so each end is given half of that.
 */
const NIC_LATENCY_NOTE = 'latency 0.5 us per NIC assumed: a NIC pair one way is ~1 us for small RDMA messages';

/**
 * PCIe per-direction payload bandwidth: lanes x GT/s x encoding / 8. Gen4 x16: 16 x 16 x 128/130 / 8 = 31.5 GB/s;
 * Gen5 x16: 63.0 GB/s; Gen6 (PAM4, FLIT, 242/256 efficiency) x16: 16 x 64 x 242/256 / 8 = 121 GB/s.
 */
const pcie = (gen: 4 | 5 | 6, lanes: number) => {
  const gtPerLane = { 4: 16, 5: 32, 6: 64 }[gen];
  const efficiency = gen === 6 ? 242 / 256 : 128 / 130;
  return gBps((lanes * gtPerLane * efficiency) / 8);
};

export const nics = createRegistry<NicSpec>('NIC', [
  {
    id: 'cx6',
    name: 'NVIDIA ConnectX-6 (HDR 200G)',
    description: 'HDR InfiniBand / 200GbE adapter on PCIe Gen4 x16, as in A100-era clusters.',
    source: 'NVIDIA ConnectX-6 product brief (200 Gb/s, PCIe Gen4 x16), not re-verified here',
    rate: gbps(200),
    ports: 1,
    hostInterface: 'PCIe Gen4 x16',
    hostBandwidth: pcie(4, 16), // 31.5 GB/s, above the 25 GB/s line rate
    latency: us(0.5),
    power: watts(20),
    priceUsd: usd(1_500),
    assumptions: [NIC_LATENCY_NOTE, 'power 20 W assumed (typical with passive cables)', PRICE_NOTE],
  },
  {
    id: 'cx7',
    name: 'NVIDIA ConnectX-7 (NDR 400G)',
    description: 'NDR InfiniBand / 400GbE adapter on PCIe Gen5 x16; one per GPU in HGX H100 clusters.',
    source:
      'nccl-tests issue #267 and DeepEP docs: 400 Gb/s, 48-50 GB/s usable (cases.json spec-connectx7); ' +
      'PCIe Gen5 x16 host interface per NVIDIA product brief',
    rate: gbps(400),
    ports: 1,
    hostInterface: 'PCIe Gen5 x16',
    hostBandwidth: pcie(5, 16), // 63.0 GB/s
    latency: us(0.5),
    power: watts(25),
    priceUsd: usd(2_500),
    assumptions: [NIC_LATENCY_NOTE, 'power 25 W assumed', PRICE_NOTE],
  },
  {
    id: 'cx8',
    name: 'NVIDIA ConnectX-8 SuperNIC (XDR 800G)',
    description: '800 Gb/s SuperNIC with a PCIe Gen6 switch built in, first shipped in GB300 NVL72.',
    source: 'docs.nvidia.com ConnectX-8 SuperNIC introduction; Hot Chips 2025 coverage (cases.json spec-connectx8)',
    rate: gbps(800),
    ports: 1,
    hostInterface: 'PCIe Gen6 x16 (48 lanes through its integrated PCIe switch)',
    hostBandwidth: pcie(6, 16), // 121 GB/s, above the 100 GB/s line rate
    latency: us(0.5),
    power: watts(40),
    priceUsd: usd(4_000),
    assumptions: [NIC_LATENCY_NOTE, 'host modelled as one Gen6 x16 link to the GPU', 'power 40 W assumed', PRICE_NOTE],
  },
  {
    id: 'bluefield3',
    name: 'NVIDIA BlueField-3 DPU (2 x 200G)',
    description: 'DPU with two 200 Gb/s ports, used as the per-GPU backend NIC in Alibaba HPN (400 Gb/s per GPU).',
    source: "Qian et al., 'Alibaba HPN', SIGCOMM'24 §3, §9: 2 x 200 Gb/s per DPU (cases.json spec-bluefield3-hpn)",
    rate: gbps(400), // both ports together, each to a different ToR (dual-ToR)
    ports: 2,
    hostInterface: 'PCIe Gen5 x16',
    hostBandwidth: pcie(5, 16),
    latency: us(0.5),
    power: watts(75),
    priceUsd: usd(4_000),
    assumptions: [NIC_LATENCY_NOTE, 'power 75 W assumed (Arm cores included)', PRICE_NOTE],
  },
]);
