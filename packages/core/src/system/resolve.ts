/** Defaults: turns a validated system spec (all optional fields) into a resolved design (every field set, specs looked up). */

import { ConfigError } from '../base/errors.js';
import type { CpuSpec, CxlPoolSpec, GpuSpec, LinkMediumSpec, NicSpec, PowerShelves, RackSpec, SwitchChipSpec } from '../hardware/types.js';
import type { Bytes, BytesPerSecond, Seconds, Usd, Watts } from '../units/units.js';
import { gBps, ns, watts } from '../units/units.js';
import { LIMITS } from './limits.js';
import { cpuPart, cxlPoolPart, gpuPart, mediumPart, nicPart, type Parts, rackPart, switchPart } from './parts.js';
import type { SystemSpec } from './schema.js';
import type { Transport } from './transports.js';

/**
 * Named defaults, each with its reason. Presets override them where the design says otherwise.
 * - UALink 1.0 leaves about 93% of raw bandwidth after protocol overhead (cases.json spec-ualink-1.0).
 * - An NDR 400G NIC delivers 48-49 GB/s of 50 in nccl-tests (cases.json spec-connectx7): about 96%.
 * - Flight time is about 5 ns per metre: ~2 m of copper inside a rack, ~50 m of fibre across a hall.
 * - PCIe Gen5 x16 carries about 64 GB/s per direction between a GPU and its host.
 * - A server draws about 250 W per GPU besides GPUs, CPUs and NICs (DRAM, fans, drives, conversion
 *   losses): a DGX H100 is rated 10.2 kW with 5.6 kW of GPUs (assumption derived from that rating).
 * - Electricity at $0.08 per kWh, about the US industrial average (assumption; set facility.electricityUsdPerKwh).
 * - Hardware is written off over 4 years (assumption: the depreciation life GPU clouds state is 4-6 years; set
 *   facility.lifetimeYears).
 */
export const DEFAULTS = {
  scaleUpProtocolEfficiency: 0.93,
  scaleOutProtocolEfficiency: 0.96,
  scaleUpFlightLatency: ns(10),
  scaleOutFlightLatency: ns(250),
  hostLinkBandwidth: gBps(64),
  otherPowerPerGpu: watts(250),
  otherPricePerGpuUsd: 2500,
  cpusPerServer: 2,
  /** 2 TB of system memory a host (32 x 64 GB DIMMs): NVIDIA DGX H100 (8 GPUs, 2 sockets). */
  hostDramPerHost: 2048e9,
  pue: 1.3,
  electricityUsdPerKwh: 0.08,
  lifetimeYears: 4,
} as const;

export interface ResolvedServer {
  readonly gpus: number;
  /** GPUs one OS image sees: the blast radius of a host or GPU failure. */
  readonly gpusPerOs: number;
  readonly cpu: CpuSpec;
  /** CPU sockets per host (one OS image). */
  readonly cpus: number;
  /** Host memory per host (one OS image). */
  readonly hostDram: Bytes;
  readonly hostLinkBandwidth: BytesPerSecond;
  readonly otherPower: Watts;
  readonly otherPriceUsd: Usd;
}

export interface ResolvedScaleUp {
  readonly domainSize: number;
  readonly switch: SwitchChipSpec;
  readonly tiers: 1 | 2;
  readonly leafGpus: number;
  readonly planes: number | 'auto';
  readonly bandwidthPerGpu: BytesPerSecond;
  readonly medium: LinkMediumSpec;
  readonly switchLatency: Seconds;
  readonly linkLatency: Seconds;
  readonly protocolEfficiency: number;
  readonly inSwitchReduction: boolean;
  /** Operand bytes per second one switch chip reduces; undefined: not limiting (no figure known). */
  readonly reductionRate: BytesPerSecond | undefined;
  readonly memorySemantics: boolean;
}

export interface ResolvedScaleOut {
  readonly nic: NicSpec;
  readonly transport: Transport;
  readonly nicsPerGpu: number;
  /** Where the NICs hang: behind each server's CPUs, or pooled on the scale-up switches. */
  readonly nicAttach: 'host' | 'scale-up';
  readonly switch: SwitchChipSpec;
  readonly tiers: 'auto' | 2 | 3;
  readonly planes: number;
  readonly railOptimized: boolean;
  readonly oversubscription: number;
  readonly upperOversubscription: number;
  readonly uplinkSpeed: BytesPerSecond | undefined;
  readonly medium: LinkMediumSpec;
  readonly switchLatency: Seconds;
  readonly linkLatency: Seconds;
  readonly protocolEfficiency: number;
}

export interface ResolvedDcn {
  /** The scale-out network doubles as the DCN (2-layer design): no DCN NICs, storage and KV over the scale-out NICs. */
  readonly converged: boolean;
  readonly nic: NicSpec;
  /** DCN NICs per server (0 when converged). */
  readonly nicsPerServer: number;
  readonly attached: readonly string[];
  readonly storageBandwidth: BytesPerSecond | undefined;
  readonly latency: Seconds;
  /** The DCN's own Clos (unused when converged): its switch chip, leaf oversubscription and link medium. */
  readonly switch: SwitchChipSpec;
  readonly oversubscription: number;
  readonly medium: LinkMediumSpec;
}

export interface ResolvedCxl {
  readonly pool: CxlPoolSpec;
  readonly hostsPerPool: number;
  readonly attach: 'host' | 'scale-up';
}

/** Local NVMe drives (`ssd:`): per server behind the host, or per scale-up domain on its switches. */
export interface ResolvedSsd {
  readonly drives: number;
  readonly readBandwidth: BytesPerSecond;
  readonly writeBandwidth: BytesPerSecond;
  readonly attach: 'host' | 'scale-up';
}

/**
 * A drive's sequential rates when the scenario gives none: a PCIe Gen5 x4 data-centre NVMe drive, 14 GB/s read and
 * 10 GB/s write (Micron 9550 product brief, 2024: 14.0 and 10.0 GB/s sequential).
 */
export const DEFAULT_SSD = { readBandwidth: gBps(14), writeBandwidth: gBps(10) } as const;

export interface ResolvedRack {
  readonly spec: RackSpec;
  readonly gpus: number;
  readonly powerBudget: Watts;
  readonly heatBudget: Watts;
  /** Heat one GPU's cooling removes; undefined where neither the scenario nor the rack spec states it. */
  readonly coolingPerGpu: Watts | undefined;
  /** The rack's power shelves; undefined where neither the scenario nor the rack spec states them. */
  readonly powerShelves: PowerShelves | undefined;
}

export interface ResolvedFacility {
  readonly pue: number;
  readonly powerBudget: Watts | undefined;
  readonly electricityUsdPerKwh: number;
  readonly lifetimeYears: number;
}

export interface ResolvedSystemSpec {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly assumptions: readonly string[];
  readonly gpu: GpuSpec;
  readonly gpus: number;
  readonly server: ResolvedServer;
  readonly scaleUp: ResolvedScaleUp;
  readonly scaleOut: ResolvedScaleOut | undefined;
  readonly dcn: ResolvedDcn | undefined;
  readonly cxl: ResolvedCxl | undefined;
  readonly ssd: ResolvedSsd | undefined;
  readonly rack: ResolvedRack;
  readonly facility: ResolvedFacility;
  readonly collectives: ResolvedCollectives;
}

/** The collective library's latencies on this system, relative to the model's (comm/protocols.ts, comm/calibration.ts). */
export interface ResolvedCollectives {
  /** Multiplies every call's launch, NCCL base and per-step latencies (1: the model's; `supernode calibrate` fits it). */
  readonly latencyScale: number;
}

/**
 * Fills every default of `spec`; `gpusOverride` (given beside the scenario) replaces the GPU count. With `job`, the
 * count is a job's and the system is the fewest whole deployment units that hold it.
 */
export function resolveSystemSpec(spec: SystemSpec, gpusOverride?: number, job = false): ResolvedSystemSpec {
  const parts = spec.parts;
  const gpu = gpuPart(parts, spec.gpu);
  const scaleUp = resolveScaleUp(spec.scaleUp, gpu, parts);
  const server = resolveServer(spec.server, parts);
  const unit = deploymentUnit(scaleUp.domainSize, server.gpus);
  checkGpusPerOs(server, unit);
  const asked = gpusOverride ?? spec.gpus ?? unit;
  const path = ['gpus'];
  if (!Number.isInteger(asked) || asked <= 0) throw new ConfigError(path, `expected a positive whole number of GPUs, received ${asked}`);
  const total = job && gpusOverride !== undefined ? Math.ceil(asked / unit) * unit : asked;
  if (total > LIMITS.systemGpus) {
    throw new ConfigError(path, `expected at most ${LIMITS.systemGpus.toLocaleString('en-US')} GPUs (the model's bound for one system), received ${total}`);
  }
  if (total % unit !== 0) {
    throw new ConfigError(
      path,
      `${total} GPUs is not a whole number of deployment units of ${unit} GPUs (scale-up domain ${scaleUp.domainSize}, server ${server.gpus}); try ${Math.max(unit, Math.round(total / unit) * unit)}`,
    );
  }
  if (!spec.scaleOut && total > scaleUp.domainSize) {
    throw new ConfigError(
      ['scaleOut'],
      `${total} GPUs span ${total / scaleUp.domainSize} scale-up domains, which needs a scale-out network; none is described`,
    );
  }
  const rackSpec = rackPart(parts, spec.rack.spec);
  return {
    name: spec.name,
    description: spec.description ?? '',
    source: spec.source ?? 'user scenario',
    assumptions: spec.assumptions ?? [],
    gpu,
    gpus: total,
    server,
    scaleUp,
    scaleOut: spec.scaleOut ? resolveScaleOut(spec.scaleOut, parts) : undefined,
    dcn: spec.dcn ? resolveDcn(spec.dcn, spec.scaleOut, parts) : undefined,
    cxl: spec.cxl ? { pool: cxlPoolPart(parts, spec.cxl.pool), hostsPerPool: spec.cxl.hostsPerPool, attach: spec.cxl.attach ?? 'host' } : undefined,
    ssd: spec.ssd
      ? {
          drives: spec.ssd.drives,
          readBandwidth: (spec.ssd.readBandwidth ?? DEFAULT_SSD.readBandwidth) as BytesPerSecond,
          writeBandwidth: (spec.ssd.writeBandwidth ?? DEFAULT_SSD.writeBandwidth) as BytesPerSecond,
          attach: spec.ssd.attach ?? 'host',
        }
      : undefined,
    rack: {
      spec: rackSpec,
      gpus: spec.rack.gpus,
      powerBudget: (spec.rack.powerBudget ?? rackSpec.powerBudget) as Watts,
      heatBudget: (spec.rack.heatBudget ?? rackSpec.heatBudget) as Watts,
      coolingPerGpu: (spec.rack.coolingPerGpu ?? rackSpec.coolingPerGpu) as Watts | undefined,
      powerShelves: spec.rack.powerShelves
        ? { count: spec.rack.powerShelves.count, psusPerShelf: spec.rack.powerShelves.psusPerShelf, psuPower: spec.rack.powerShelves.psuPower as Watts }
        : rackSpec.powerShelves,
    },
    collectives: { latencyScale: spec.collectives?.latencyScale ?? 1 },
    facility: {
      pue: spec.facility?.pue ?? DEFAULTS.pue,
      powerBudget: spec.facility?.powerBudget as Watts | undefined,
      electricityUsdPerKwh: spec.facility?.electricityUsdPerKwh ?? DEFAULTS.electricityUsdPerKwh,
      lifetimeYears: spec.facility?.lifetimeYears ?? DEFAULTS.lifetimeYears,
    },
  };
}

/** The smallest GPU count that is whole servers and whole scale-up domains. */
export function deploymentUnit(domainSize: number, serverGpus: number): number {
  if (domainSize % serverGpus === 0) return domainSize;
  if (serverGpus % domainSize === 0) return serverGpus;
  throw new ConfigError(['scaleUp', 'domainSize'], `${domainSize} GPUs per domain and ${serverGpus} GPUs per server: one must divide the other`);
}

/** An OS image sees whole servers or a whole share of one, and deployment units hold whole OS images. */
function checkGpusPerOs(server: ResolvedServer, unit: number): void {
  const n = server.gpusPerOs;
  if ((n % server.gpus !== 0 && server.gpus % n !== 0) || unit % n !== 0) {
    throw new ConfigError(
      ['server', 'gpusPerOs'],
      `${n} GPUs per OS image: expected a multiple or a divisor of the ${server.gpus} GPUs per server that divides the deployment unit of ${unit} GPUs`,
    );
  }
}

function resolveServer(server: SystemSpec['server'], parts: Parts | undefined): ResolvedServer {
  return {
    gpus: server.gpus,
    gpusPerOs: server.gpusPerOs ?? server.gpus,
    cpu: cpuPart(parts, server.cpu),
    cpus: server.cpus ?? DEFAULTS.cpusPerServer,
    hostDram: (server.hostDram ?? DEFAULTS.hostDramPerHost) as Bytes,
    hostLinkBandwidth: (server.hostLinkBandwidth ?? DEFAULTS.hostLinkBandwidth) as BytesPerSecond,
    otherPower: (server.otherPower ?? DEFAULTS.otherPowerPerGpu * server.gpus) as Watts,
    otherPriceUsd: (server.otherPriceUsd ?? DEFAULTS.otherPricePerGpuUsd * server.gpus) as Usd,
  };
}

function resolveScaleUp(up: SystemSpec['scaleUp'], gpu: GpuSpec, parts: Parts | undefined): ResolvedScaleUp {
  const chip = switchPart(parts, up.switch);
  if (chip.fabric !== 'scale-up') {
    throw new ConfigError(
      ['scaleUp', 'switch'],
      `'${chip.id}' is a ${chip.fabric} switch; expected a scale-up switch such as nvswitch-gen3, nvswitch-gen4 or alink-102t`,
    );
  }
  if (up.inSwitchReduction && !chip.inNetworkReduction) {
    throw new ConfigError(['scaleUp', 'inSwitchReduction'], `true, but switch '${chip.id}' has no in-network reduction`);
  }
  const tiers = up.tiers ?? 1;
  if (up.leafGpus !== undefined && tiers !== 2) throw new ConfigError(['scaleUp', 'leafGpus'], 'only applies with tiers: 2');
  const medium = mediumPart(parts, up.medium ?? 'copper');
  return {
    domainSize: up.domainSize,
    switch: chip,
    tiers,
    leafGpus: up.leafGpus ?? up.domainSize,
    planes: up.planes ?? 'auto',
    bandwidthPerGpu: (up.bandwidthPerGpu ?? gpu.scaleUpLinks * gpu.scaleUpLinkBandwidth) as BytesPerSecond,
    medium,
    switchLatency: (up.switchLatency ?? chip.portToPortLatency) as Seconds,
    linkLatency: (up.linkLatency ?? DEFAULTS.scaleUpFlightLatency + medium.latency) as Seconds,
    protocolEfficiency: up.protocolEfficiency ?? DEFAULTS.scaleUpProtocolEfficiency,
    inSwitchReduction: up.inSwitchReduction ?? chip.inNetworkReduction,
    reductionRate: (up.reductionRate ?? chip.reductionRate) as BytesPerSecond | undefined,
    memorySemantics: up.memorySemantics ?? true,
  };
}

function resolveScaleOut(out: NonNullable<SystemSpec['scaleOut']>, parts: Parts | undefined): ResolvedScaleOut {
  const chip = switchPart(parts, out.switch);
  if (chip.fabric === 'scale-up') {
    throw new ConfigError(
      ['scaleOut', 'switch'],
      `'${chip.id}' is a scale-up switch; expected an Ethernet or InfiniBand switch such as tomahawk5 or quantum-2`,
    );
  }
  const medium = mediumPart(parts, out.medium ?? 'optics-pluggable');
  return {
    nic: nicPart(parts, out.nic),
    transport: out.transport ?? (chip.fabric === 'infiniband' ? 'infiniband' : 'roce'),
    nicsPerGpu: out.nicsPerGpu ?? 1,
    nicAttach: out.nicAttach ?? 'host',
    switch: chip,
    tiers: out.tiers ?? 'auto',
    planes: out.planes ?? 1,
    railOptimized: out.railOptimized ?? true,
    oversubscription: out.oversubscription ?? 1,
    upperOversubscription: out.upperOversubscription ?? 1,
    uplinkSpeed: out.uplinkSpeed as BytesPerSecond | undefined,
    medium,
    switchLatency: (out.switchLatency ?? chip.portToPortLatency) as Seconds,
    linkLatency: (out.linkLatency ?? DEFAULTS.scaleOutFlightLatency + medium.latency) as Seconds,
    protocolEfficiency: out.protocolEfficiency ?? DEFAULTS.scaleOutProtocolEfficiency,
  };
}

function resolveDcn(dcn: NonNullable<SystemSpec['dcn']>, scaleOut: SystemSpec['scaleOut'], parts: Parts | undefined): ResolvedDcn {
  const converged = dcn.converged ?? false;
  if (converged && !scaleOut)
    throw new ConfigError(['dcn', 'converged'], 'true, but the system has no scale-out network to converge with (scenario field scaleOut)');
  return {
    converged,
    nic: nicPart(parts, converged ? (scaleOut?.nic ?? 'bluefield3') : (dcn.nic ?? 'bluefield3')),
    nicsPerServer: converged ? 0 : (dcn.nicsPerServer ?? 1),
    attached: dcn.attached ?? ['storage'],
    storageBandwidth: dcn.storageBandwidth as BytesPerSecond | undefined,
    latency: (dcn.latency ?? DEFAULTS.scaleOutFlightLatency * 4) as Seconds,
    switch: dcnSwitch(dcn, scaleOut, parts),
    oversubscription: dcn.oversubscription ?? 1,
    medium: mediumPart(parts, dcn.medium ?? 'optics-pluggable'),
  };
}

/** The DCN's switch chip: the one named, else the scale-out network's, else a Tomahawk 5; never a scale-up chip. */
function dcnSwitch(dcn: NonNullable<SystemSpec['dcn']>, scaleOut: SystemSpec['scaleOut'], parts: Parts | undefined): SwitchChipSpec {
  const chip = switchPart(parts, dcn.switch ?? scaleOut?.switch ?? 'tomahawk5');
  if (chip.fabric === 'scale-up') {
    throw new ConfigError(['dcn', 'switch'], `'${chip.id}' is a scale-up switch; expected an Ethernet or InfiniBand switch such as tomahawk5`);
  }
  return chip;
}
