/** Hardware spec types: GPUs, CPUs, switch chips, NICs, link media, CXL pools and racks, each with its source. */

import type { RegistryEntry } from '../registry/registry.js';
import type { Bytes, BytesPerSecond, FlopsPerSecond, Meters, Seconds, Usd, Watts } from '../units/units.js';

/**
 * Every spec is a registry entry: `description` says what it is, `source` where its figures come from,
 * and `assumptions` lists each figure that is our estimate rather than a published number (prices mostly).
 */
export interface Spec extends RegistryEntry {
  readonly name: string;
  readonly assumptions: readonly string[];
}

/** Dense (no sparsity) peak tensor throughput; null where the part has no such format. */
export interface PeakCompute {
  readonly bf16: FlopsPerSecond;
  readonly fp8: FlopsPerSecond | null;
  readonly fp4: FlopsPerSecond | null;
  /** Dense 8-bit integer tensor throughput (operations/s); null where the part has none worth using. */
  readonly int8: FlopsPerSecond | null;
}

export interface GpuSpec extends Spec {
  readonly vendor: string;
  readonly peak: PeakCompute;
  /** The datasheet capacity (decimal GB as the vendor states it). */
  readonly hbmCapacity: Bytes;
  /**
   * What the driver gives a process: nvidia-smi's (or rocm-smi's) total. Memory plans are checked against this. Hopper
   * and Ampere stacks are binary (H100 "80 GB" shows 81,559 MiB = 79.6 GiB, 7% above 80e9 bytes); Blackwell's "192 GB"
   * shows 183,359 MiB (179 GiB, 4.5% below).
   */
  readonly hbmUsable: Bytes;
  readonly hbmBandwidth: BytesPerSecond;
  readonly tdp: Watts;
  /** Native scale-up interface: number of links and the bandwidth of one link per direction. */
  readonly scaleUpLinks: number;
  readonly scaleUpLinkBandwidth: BytesPerSecond;
  readonly scaleUpProtocol: string;
  readonly priceUsd: Usd;
  /**
   * A GPU a scenario defines (system/parts.ts): the catalogue GPU whose measured kernels (GEMM and attention
   * efficiencies, SM count, custom all-reduce, DeepEP) it is priced with. Undefined for catalogue GPUs: their own.
   */
  readonly measuredAs?: string;
}

/** The catalogue GPU whose measured kernel tables price `gpu`: its own id, or the one a scenario's part names. */
export const kernelGpuId = (gpu: GpuSpec): string => gpu.measuredAs ?? gpu.id;

export interface CpuSpec extends Spec {
  readonly cores: number;
  readonly tdp: Watts;
  readonly memoryBandwidth: BytesPerSecond;
  readonly priceUsd: Usd;
}

export type SwitchFabric = 'scale-up' | 'ethernet' | 'infiniband';

/**
 * A switch chip. Ports are built from whole SerDes lanes, so the radix at a port speed is
 * floor(lanes / ceil(portSpeed / laneRate)): Tomahawk 5 has 512 x 100G lanes, so 128 ports at 400G.
 */
export interface SwitchChipSpec extends Spec {
  readonly fabric: SwitchFabric;
  readonly lanes: number;
  /** Data rate of one lane, per direction. */
  readonly laneRate: BytesPerSecond;
  readonly portToPortLatency: Seconds;
  /** In-switch reduction and multicast (NVLS, SHARP, UALink-class collectives). */
  readonly inNetworkReduction: boolean;
  /**
   * Operand bytes the chip's reduction engines combine per second: reducing n contributions of one element takes
   * n - 1 adds, each consuming one operand. Undefined where no figure is known: the links bound reductions alone.
   */
  readonly reductionRate?: BytesPerSecond;
  readonly power: Watts;
  readonly priceUsd: Usd;
}

export interface NicSpec extends Spec {
  /** Line rate per direction, all ports together. */
  readonly rate: BytesPerSecond;
  readonly ports: number;
  readonly hostInterface: string;
  /** Host interface bandwidth per direction (PCIe). */
  readonly hostBandwidth: BytesPerSecond;
  readonly latency: Seconds;
  readonly power: Watts;
  readonly priceUsd: Usd;
}

/** A way to carry a link: copper, a pluggable optical module, near-packaged or co-packaged optics. */
export interface LinkMediumSpec extends Spec {
  readonly reach: Meters;
  /** Energy per bit moved, both ends of the link together (pJ/bit = mW per Gbit/s). */
  readonly energyPjPerBit: number;
  /** Cost of the medium per Gbit/s of one direction's capacity, both ends together. */
  readonly usdPerGbps: number;
  /** Added one-way latency of the medium's electronics (DSP, retimers), not counting flight time. */
  readonly latency: Seconds;
  /** Optical (transceivers that fail as optics do), not copper. */
  readonly optical: boolean;
}

export interface CxlPoolSpec extends Spec {
  readonly capacity: Bytes;
  /** Bandwidth of one host's link into the pool, per direction. */
  readonly bandwidthPerHost: BytesPerSecond;
  readonly loadLatency: Seconds;
  readonly maxHosts: number;
  readonly power: Watts;
  readonly priceUsd: Usd;
}

/** A rack's power shelves: rectifier shelves feeding its busbar, each holding power supply units (PSUs) of one rating. */
export interface PowerShelves {
  readonly count: number;
  readonly psusPerShelf: number;
  /** Output of one PSU. */
  readonly psuPower: Watts;
}

export interface RackSpec extends Spec {
  readonly powerBudget: Watts;
  /** The shelves behind the busbar, where the design states them (rack-scale designs); servers with their own supplies have none. */
  readonly powerShelves?: PowerShelves;
  readonly heatBudget: Watts;
  /** Heat one GPU's cold plate or heat sink removes, where the design states it. */
  readonly coolingPerGpu?: Watts;
  readonly cooling: 'air' | 'liquid';
  readonly priceUsd: Usd;
}
