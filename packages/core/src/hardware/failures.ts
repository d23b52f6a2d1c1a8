/** Failure catalogue: how often each kind of component interrupts a training job, how long to notice it and to repair it. */

import { createRegistry } from '../registry/registry.js';
import type { Spec } from './types.js';

/** The components a failure is charged to; `system/failures.ts` counts each in a built system. */
export type FailureComponent =
  | 'gpu'
  | 'hbm'
  | 'host'
  | 'nic'
  | 'power'
  | 'scale-up-switch'
  | 'scale-up-link'
  | 'scale-out-switch'
  | 'link'
  | 'optics'
  | 'memory-pool'
  | 'software';

export interface FailureSpec extends Spec {
  readonly id: FailureComponent;
  /** What one counted unit is: 'GPU', 'OS image', 'kW of IT power', 'W of switch-chip power', ... */
  readonly unit: string;
  /** Failures per million unit-hours (1 per million hours = 1,000 FIT). */
  readonly perMillionHours: number;
  /** From the failure to the job knowing it must restart. */
  readonly detectS: number;
  /** From the failure to the failed part back in service (swap or repair), during which its blast radius is out. */
  readonly repairS: number;
}

/**
 * Meta, 'The Llama 3 Herd of Models' (arXiv 2407.21783), Table 5: 419 unexpected interruptions in a 54-day snapshot
 * of Llama 3 405B pre-training on 16,384 H100 GPUs in 2,048 servers of 8. Exposure: 54 x 24 = 1,296 h, so
 * 16,384 x 1,296 = 21,233,664 GPU-hours and 2,048 x 1,296 = 2,654,208 server-hours.
 */
const LLAMA3 = "Meta, 'The Llama 3 Herd of Models' (arXiv 2407.21783) Table 5: root causes of 419 unexpected interruptions, 54 days, 16,384 H100";
const GPU_HOURS = 16_384 * 1_296;
const SERVER_HOURS = 2_048 * 1_296;
const PER_MILLION = 1e6;

/**
 * 'Network switch/cable' (35) is one row in Table 5. The model splits it by the per-unit rates Alibaba's HPN fleet
 * reports (SIGCOMM 2024, section 2.3: 0.057% of NIC-ToR links fail a month, 0.051% of ToR switches crash a month), a
 * switch failing 0.051 / 0.057 as often as a link with its transceivers, over the components of the hgx-h100 preset at
 * 16,384 GPUs: 1,280 switch chips (512 leaf, 512 aggregation, 256 core), 49,152 links (16,384 NIC-leaf, 16,384
 * leaf-aggregation, 16,384 aggregation-core) and 98,304 transceivers (two per optical link). Per link over the 54 days:
 * 35 / (1,280 x 0.051 / 0.057 + 49,152) = 6.96e-4, so switches take 0.80 of the 35 and links with their optics 34.2,
 * half to the cable or fibre and half to its two transceivers (assumption). HPN's levels are 2-3x Llama 3's; only their
 * ratio is taken.
 */
const SWITCH_PER_LINK = 0.051 / 0.057;
const NETWORK_PER_LINK = 35 / (1_280 * SWITCH_PER_LINK + 49_152);
const NETWORK_SWITCHES = 1_280 * SWITCH_PER_LINK * NETWORK_PER_LINK; // 0.80
const NETWORK_CABLES = (35 - NETWORK_SWITCHES) / 2; // 17.1
const NETWORK_OPTICS = (35 - NETWORK_SWITCHES) / 2; // 17.1
const NETWORK_SPLIT =
  "Table 5's 35 'network switch/cable' interruptions split by HPN's per-unit rates (a ToR switch crashes 0.051 / 0.057 as often as a NIC-ToR link fails; SIGCOMM 2024, section 2.3): 0.80 to switch chips, the rest half to links and half to their transceivers (assumption)";
const COUNTS_NOTE = "component counts are the hgx-h100 preset's at 16,384 GPUs (InfiniBand 3-tier), not Meta's RoCE cluster's, which Table 5 does not give";

/**
 * How long to notice: a fault that raises an error (GPU Xid, ECC, a host or power loss) is seen within about a
 * minute by health checks (assumption); a fault that only stalls collectives (a switch, a link, a software hang) is
 * seen when PyTorch's NCCL watchdog fires, 10 minutes by default (torch.distributed.init_process_group, timeout).
 */
const ERROR_DETECT_S = 60;
const WATCHDOG_DETECT_S = 600;
const DETECT_NOTE = 'detection within 60 s for faults that raise an error (assumption)';
const WATCHDOG_NOTE = "detection at PyTorch's default NCCL timeout, 600 s: the fault stalls collectives rather than raising an error";
const H = 3_600;

export const failureModels = createRegistry<FailureSpec>('failing component', [
  {
    id: 'gpu',
    name: 'GPU (die, SRAM, system processor, thermal interface)',
    description: 'A GPU fault other than its HBM: the die, NVLink, on-chip SRAM, the GPU system processor, silent data corruption, sensors.',
    source: `${LLAMA3}: faulty GPU 148, GPU SRAM 19, GPU system processor 17, silent data corruption 6, thermal interface and sensor 6`,
    unit: 'GPU',
    perMillionHours: ((148 + 19 + 17 + 6 + 6) / GPU_HOURS) * PER_MILLION, // 9.23: one failure per 108,000 GPU-hours
    detectS: ERROR_DETECT_S,
    repairS: 48 * H,
    assumptions: [
      'the H100 rate is used for every GPU generation (no published fleet breakdown for Blackwell or later)',
      DETECT_NOTE,
      'repair 48 h: the OS image is drained and the board or tray swapped and triaged (assumption)',
    ],
  },
  {
    id: 'hbm',
    name: 'GPU HBM',
    description: 'An uncorrectable or row-remapping HBM fault on a GPU.',
    source: `${LLAMA3}: GPU HBM3 memory 72`,
    unit: 'GPU',
    perMillionHours: (72 / GPU_HOURS) * PER_MILLION, // 3.39
    detectS: ERROR_DETECT_S,
    repairS: 48 * H,
    assumptions: ['per GPU, whatever its HBM capacity (H100: 80 GB)', DETECT_NOTE, 'repair 48 h, as a GPU (assumption)'],
  },
  {
    id: 'host',
    name: 'CPU host (one OS image)',
    description: 'The host an OS image runs on: CPU, system memory, SSD, chassis, IO expansion board, and unplanned host maintenance.',
    source: `${LLAMA3}: host maintenance 32, SSD 3, server chassis 2, IO expansion board 2, CPU 2, system memory 2 over 2,048 servers`,
    unit: 'OS image',
    perMillionHours: ((32 + 3 + 2 + 2 + 2 + 2) / SERVER_HOURS) * PER_MILLION, // 16.2
    detectS: ERROR_DETECT_S,
    repairS: 8 * H,
    assumptions: [
      'a host of one OS image fails at the rate of a 2-socket H100 server, however many GPUs it sees',
      DETECT_NOTE,
      'repair 8 h: reboot, reimage or part swap (assumption)',
    ],
  },
  {
    id: 'nic',
    name: 'NIC',
    description: 'A scale-out or front-end network adapter.',
    source: `${LLAMA3}: NIC 7 over 16,384 NICs (one 400G RDMA NIC per GPU)`,
    unit: 'NIC',
    perMillionHours: (7 / GPU_HOURS) * PER_MILLION, // 0.33
    detectS: ERROR_DETECT_S,
    repairS: 4 * H,
    assumptions: ['front-end NICs fail at the RDMA NICs rate', DETECT_NOTE, 'repair 4 h: the host is drained to swap the card (assumption)'],
  },
  {
    id: 'power',
    name: 'Power supply or power shelf',
    description: 'A power supply unit; in rack-scale designs a power shelf feeding the rack busbar.',
    source: `${LLAMA3}: power supply 3 over 2,048 DGX-class servers rated 10.2 kW each (NVIDIA DGX H100 datasheet), 20,890 kW`,
    unit: 'kW of IT power',
    perMillionHours: (3 / (2_048 * 10.2 * 1_296)) * PER_MILLION, // 0.111
    detectS: ERROR_DETECT_S,
    repairS: 4 * H,
    assumptions: ['power-supply failures scale with the IT power they deliver', DETECT_NOTE, 'repair 4 h: swap the supply or shelf (assumption)'],
  },
  {
    id: 'scale-up-switch',
    name: 'Scale-up switch chip',
    description: 'An NVSwitch, ALink or UALink-class switch chip of the scale-up fabric.',
    source: `${LLAMA3}: the faulty-GPU rate (148 + 19 + 17 + 6 + 6 per 16,384 H100s of 700 W) per watt of chip power`,
    unit: 'W of switch-chip power',
    perMillionHours: ((148 + 19 + 17 + 6 + 6) / GPU_HOURS / 700) * PER_MILLION, // 0.0132 per W: 1.3 per NVSwitch gen3 (100 W)
    detectS: ERROR_DETECT_S,
    repairS: 8 * H,
    assumptions: [
      'Table 5 counts NVLink faults under faulty GPU and has no scale-up switch row; a switch chip is assumed to fail as a GPU die of the same power',
      DETECT_NOTE,
      'repair 8 h: swap the switch tray or board (assumption)',
    ],
  },
  {
    id: 'scale-up-link',
    name: 'Scale-up cable',
    description: 'A cable of a scale-up fabric that leaves the server (a rack-scale copper spine or optics between racks).',
    source: `${LLAMA3}: 17.1 of 'network switch/cable' over 49,152 links, as a scale-out link`,
    unit: 'link',
    perMillionHours: (NETWORK_CABLES / (49_152 * 1_296)) * PER_MILLION, // 0.269
    detectS: ERROR_DETECT_S,
    repairS: 2 * H,
    assumptions: [
      NETWORK_SPLIT,
      COUNTS_NOTE,
      'one link per native GPU link bandwidth (NVLink5: 18 per GPU); links on a server board (HGX) are not cables and are not counted',
      DETECT_NOTE,
      'repair 2 h (assumption)',
    ],
  },
  {
    id: 'scale-out-switch',
    name: 'Scale-out switch chip',
    description: 'A switch chip of the scale-out Clos (leaf, spine, aggregation or core).',
    source: `${LLAMA3}: 0.80 of 35 'network switch/cable' over 1,280 switch chips`,
    unit: 'switch chip',
    perMillionHours: (NETWORK_SWITCHES / (1_280 * 1_296)) * PER_MILLION, // 0.48
    detectS: WATCHDOG_DETECT_S,
    repairS: 8 * H,
    assumptions: [NETWORK_SPLIT, COUNTS_NOTE, WATCHDOG_NOTE, 'repair 8 h: swap the switch (assumption)'],
  },
  {
    id: 'link',
    name: 'Scale-out cable or fibre',
    description: 'A scale-out link: the cable or fibre between a NIC and a leaf or between switches.',
    source: `${LLAMA3}: 17.1 of 35 'network switch/cable' over 49,152 links`,
    unit: 'link',
    perMillionHours: (NETWORK_CABLES / (49_152 * 1_296)) * PER_MILLION, // 0.269
    detectS: WATCHDOG_DETECT_S,
    repairS: 2 * H,
    assumptions: [NETWORK_SPLIT, COUNTS_NOTE, WATCHDOG_NOTE, 'repair 2 h (assumption)'],
  },
  {
    id: 'optics',
    name: 'Optical transceiver',
    description: 'A pluggable, linear, near- or co-packaged optical engine at one end of an optical link.',
    source: `${LLAMA3}: 17.1 of 35 'network switch/cable' over 98,304 transceivers`,
    unit: 'transceiver',
    perMillionHours: (NETWORK_OPTICS / (98_304 * 1_296)) * PER_MILLION, // 0.134
    detectS: WATCHDOG_DETECT_S,
    repairS: 2 * H,
    assumptions: [
      NETWORK_SPLIT,
      COUNTS_NOTE,
      'co-packaged and near-packaged engines fail as pluggables (no fleet data)',
      WATCHDOG_NOTE,
      'repair 2 h (assumption)',
    ],
  },
  {
    id: 'memory-pool',
    name: 'CXL memory pool',
    description: 'A CXL memory pool appliance shared by several hosts.',
    source: `${LLAMA3}: system memory 2, server chassis 2 and IO expansion board 2 per server, as a pool box holds the like`,
    unit: 'pool',
    perMillionHours: ((2 + 2 + 2) / SERVER_HOURS) * PER_MILLION, // 2.26
    detectS: ERROR_DETECT_S,
    repairS: 8 * H,
    assumptions: [
      'no fleet data for CXL pools: a pool is assumed to fail as a server without CPUs or SSDs, and to stop the hosts mapped to it',
      DETECT_NOTE,
      'repair 8 h (assumption)',
    ],
  },
  {
    id: 'software',
    name: 'Software and dependencies',
    description: 'Training-stack faults: software bugs, NCCL watchdog timeouts without a hardware cause, failed dependencies.',
    source: `${LLAMA3}: software bug 54, NCCL watchdog timeouts 7, dependency 2`,
    unit: 'GPU',
    perMillionHours: ((54 + 7 + 2) / GPU_HOURS) * PER_MILLION, // 2.97
    detectS: WATCHDOG_DETECT_S,
    repairS: 0,
    assumptions: ['software faults grow with the GPUs of the job', WATCHDOG_NOTE, 'nothing to repair: the job restarts'],
  },
]);
