/** `describe`: everything a reader wants to know about a built system, as one plain JSON-ready report. */

import { bisectionBandwidth } from '../system/bisection.js';
import { type CostComponent, systemCost } from '../system/cost.js';
import { systemEconomics } from '../system/economics.js';
import type { FabricFailure } from '../system/fabric-failures.js';
import { systemFailures } from '../system/failures.js';
import { type PowerComponent, systemPower } from '../system/power.js';
import { type SlowLink, slowestGpu } from '../system/stragglers.js';
import { healthySystem, type System } from '../system/system.js';
import { buildTopology } from '../topology/build-system.js';
import { pairStatsFrom } from '../topology/pair-stats.js';
import { type BytesPerSecond, toGBps, toGbps, toKw, toTBps } from '../units/units.js';
import { closTiers, type ReachReport, reach, type SwitchTierReport, scaleUpTiers, type TransportReport, transportReport } from './fabric-report.js';

export interface DescribeReport {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly assumptions: readonly string[];
  readonly gpus: number;
  readonly servers: number;
  /**
   * The hosts (CPU nodes): one per OS image, with its CPU sockets and host memory. On a classic server the server is
   * the host; on a design whose CPU nodes sit apart from the GPU trays (AL128), GPUs per OS sets how many there are.
   */
  readonly hosts: { count: number; gpusPerOs: number; cpuSockets: number; hostDramTB: number; hostDramPerGpuGB: number };
  readonly racks: number;
  readonly gpu: {
    id: string;
    name: string;
    bf16Tflops: number;
    fp8Tflops: number | null;
    fp4Tflops: number | null;
    /** Dense INT8 tensor rate, TOPS; null without one. */
    int8Tops: number | null;
    hbmGB: number;
    /** What the driver exposes to a process, GiB (what memory plans are checked against). */
    hbmUsableGiB: number;
    hbmTBps: number;
    tdpW: number;
  };
  readonly scaleUp: {
    domainSize: number;
    domains: number;
    switch: string;
    tiers: number;
    planes: number;
    switchesPerDomain: number;
    switches: number;
    lanesPerGpu: number;
    switchTiers: SwitchTierReport[];
    bandwidthPerGpuGBps: number;
    protocolEfficiency: number;
    inSwitchReduction: boolean;
    memorySemantics: boolean;
    switchHops: number;
    reach: ReachReport;
  };
  readonly scaleOut: {
    nic: string;
    nicsPerGpu: number;
    bandwidthPerGpuGbps: number;
    planes: number;
    tiers: number;
    railOptimized: boolean;
    /** Where the NICs hang: behind the servers' CPUs, or pooled on the scale-up switches. */
    nicAttach: 'host' | 'scale-up';
    oversubscription: number;
    switch: string;
    switchTiers: SwitchTierReport[];
    reach: ReachReport | null;
    /** How the NICs move collectives (system/transports.ts): its share of the line rate, and what a message costs. */
    transport: TransportReport;
  } | null;
  /**
   * converged: the scale-out network is the DCN (a 2-layer design); bandwidth is then the scale-out NICs' per server.
   * network: a 3-layer design's own DCN Clos (its switches by tier, and what its switches and optics cost and draw).
   */
  readonly dcn: {
    nic: string;
    converged: boolean;
    bandwidthPerServerGbps: number;
    attached: readonly string[];
    network: {
      switch: string;
      tiers: number;
      oversubscription: number;
      medium: string;
      switchTiers: SwitchTierReport[];
      switchesUsd: number;
      linksUsd: number;
      switchesKw: number;
      linksKw: number;
    } | null;
  } | null;
  readonly cxl: { pool: string; pools: number; capacityPerPoolGB: number; bandwidthPerHostGBps: number; loadLatencyNs: number; attach: string } | null;
  /** Local NVMe drives (`ssd:`): per server or per scale-up domain, and what they read and write together. */
  readonly ssd: { drives: number; per: 'server' | 'domain'; attach: string; readTBps: number; writeTBps: number } | null;
  readonly bisectionBandwidthTBps: number;
  readonly gpuToGpu: ReachReport;
  readonly power: {
    totalKw: number;
    budgetKw: number;
    rackKw: number;
    rackBudgetKw: number;
    heatBudgetKw: number;
    facilityKw: number;
    pue: number;
    byComponentKw: Record<PowerComponent, number>;
    /** A rack's power shelves at its rated draw: PSUs, their output together, and how many may fail (N+spare); null where none are stated. */
    shelves: { count: number; psus: number; psuKw: number; capacityKw: number; spare: number } | null;
  };
  readonly cost: {
    capexUsd: number;
    perGpuUsd: number;
    byComponentUsd: Record<CostComponent, number>;
    /** Capex over the hardware's life plus facility energy at rated power, per GPU-hour. */
    usdPerGpuHour: number;
    lifetimeYears: number;
    electricityUsdPerKwh: number;
  };
  /** Failures of a job spanning the system: rates from fleet data (hardware/failures.ts), blast radius per component. */
  readonly failures: FailuresReport;
  /** What this run's system has failed or slowed (scenario `failures:` and `stragglers:`, `--fail`); absent on a healthy one. */
  readonly condition?: ConditionReport;
  readonly warnings: readonly string[];
}

export interface ConditionReport {
  readonly failed: readonly FabricFailure[];
  readonly slowLinks: readonly SlowLink[];
  /** GPUs below nominal speed, the slowest, and the mean speed of all (1 nominal). */
  readonly slowGpus: number;
  readonly slowestGpu?: { readonly rank: number; readonly speed: number };
  readonly meanGpuSpeed: number;
}

export interface FailuresReport {
  readonly gpusPerOs: number;
  readonly interruptionsPerDay: number;
  readonly mtbfHours: number;
  readonly components: readonly {
    component: string;
    units: number;
    unit: string;
    failuresPerDay: number;
    interrupts: boolean;
    blastRadiusGpus: number;
    scope: string;
    detectS: number;
    repairS: number;
  }[];
}

export function describeSystem(system: System): DescribeReport {
  const s = system.spec;
  // The design's hop counts: failures are a condition of runs (collective, train), and a cut-off rank 0 would read 0 hops.
  const topo = buildTopology(healthySystem(system));
  const inDomain = pairStatsFrom(topo, 0, 'same-domain');
  const anywhere = pairStatsFrom(topo, 0, 'all');
  const across = system.domains > 1 ? pairStatsFrom(topo, 0, 'other-domain') : undefined;
  const power = systemPower(system);
  const cost = systemCost(system);
  const economics = systemEconomics(system);
  const up = system.scaleUp;
  const chip = s.scaleUp.switch;
  return {
    name: s.name,
    description: s.description,
    source: s.source,
    assumptions: s.assumptions,
    gpus: system.gpus,
    servers: system.servers,
    hosts: {
      count: system.hosts,
      gpusPerOs: s.server.gpusPerOs,
      cpuSockets: system.hosts * s.server.cpus,
      hostDramTB: (system.hosts * s.server.hostDram) / 1e12,
      hostDramPerGpuGB: s.server.hostDram / s.server.gpusPerOs / 1e9,
    },
    racks: system.racks,
    gpu: {
      id: s.gpu.id,
      name: s.gpu.name,
      bf16Tflops: s.gpu.peak.bf16 / 1e12,
      fp8Tflops: s.gpu.peak.fp8 === null ? null : s.gpu.peak.fp8 / 1e12,
      fp4Tflops: s.gpu.peak.fp4 === null ? null : s.gpu.peak.fp4 / 1e12,
      int8Tops: s.gpu.peak.int8 === null ? null : s.gpu.peak.int8 / 1e12,
      hbmGB: s.gpu.hbmCapacity / 1e9,
      hbmUsableGiB: s.gpu.hbmUsable / 2 ** 30,
      hbmTBps: toTBps(s.gpu.hbmBandwidth),
      tdpW: s.gpu.tdp,
    },
    scaleUp: {
      domainSize: s.scaleUp.domainSize,
      domains: system.domains,
      switch: chip.id,
      tiers: up.tiers,
      planes: up.planes,
      switchesPerDomain: up.switchesPerDomain,
      switches: up.switchesPerDomain * system.domains,
      lanesPerGpu: up.lanesPerGpu,
      switchTiers: scaleUpTiers(system),
      bandwidthPerGpuGBps: toGBps(up.provisionedPerGpu),
      protocolEfficiency: s.scaleUp.protocolEfficiency,
      inSwitchReduction: s.scaleUp.inSwitchReduction,
      memorySemantics: s.scaleUp.memorySemantics,
      switchHops: inDomain.reachable > 0 ? inDomain.switchHopsMax : 0,
      reach: reach(inDomain),
    },
    scaleOut:
      system.scaleOut && s.scaleOut
        ? {
            nic: s.scaleOut.nic.id,
            nicsPerGpu: s.scaleOut.nicsPerGpu,
            bandwidthPerGpuGbps: toGbps(system.scaleOut.bandwidthPerGpu),
            planes: system.scaleOut.planes,
            tiers: system.scaleOut.tiers,
            railOptimized: s.scaleOut.railOptimized,
            nicAttach: s.scaleOut.nicAttach,
            oversubscription: s.scaleOut.oversubscription,
            switch: s.scaleOut.switch.id,
            switchTiers: closTiers(system.scaleOut),
            reach: across ? reach(across) : null,
            transport: transportReport(s.scaleOut.transport),
          }
        : null,
    dcn: s.dcn
      ? {
          nic: s.dcn.nic.id,
          converged: s.dcn.converged,
          bandwidthPerServerGbps: toGbps(
            (s.dcn.converged && s.scaleOut ? s.scaleOut.nic.rate * s.scaleOut.nicsPerGpu * s.server.gpus : s.dcn.nic.rate * s.dcn.nicsPerServer) as never,
          ),
          attached: s.dcn.attached,
          network: system.dcn
            ? {
                switch: s.dcn.switch.id,
                tiers: system.dcn.tiers,
                oversubscription: s.dcn.oversubscription,
                medium: s.dcn.medium.id,
                switchTiers: closTiers(system.dcn),
                switchesUsd: cost.byComponent.dcnSwitch,
                linksUsd: cost.byComponent.dcnLinks,
                switchesKw: power.byComponent.dcnSwitch / 1000,
                linksKw: power.byComponent.dcnLinks / 1000,
              }
            : null,
        }
      : null,
    cxl: s.cxl
      ? {
          pool: s.cxl.pool.id,
          pools: system.cxlPools,
          capacityPerPoolGB: s.cxl.pool.capacity / 1e9,
          bandwidthPerHostGBps: toGBps(s.cxl.pool.bandwidthPerHost),
          loadLatencyNs: s.cxl.pool.loadLatency * 1e9,
          attach: s.cxl.attach,
        }
      : null,
    ssd: s.ssd
      ? {
          drives: s.ssd.drives,
          per: s.ssd.attach === 'host' ? 'server' : 'domain',
          attach: s.ssd.attach,
          readTBps: toTBps((s.ssd.drives * s.ssd.readBandwidth * (s.ssd.attach === 'host' ? system.servers : system.domains)) as BytesPerSecond),
          writeTBps: toTBps((s.ssd.drives * s.ssd.writeBandwidth * (s.ssd.attach === 'host' ? system.servers : system.domains)) as BytesPerSecond),
        }
      : null,
    bisectionBandwidthTBps: toTBps(bisectionBandwidth(system)),
    gpuToGpu: reach(anywhere),
    power: {
      totalKw: toKw(power.total),
      budgetKw: toKw(power.budget),
      rackKw: toKw(power.perRack),
      rackBudgetKw: toKw(power.rackBudget),
      heatBudgetKw: toKw(power.heatBudget),
      facilityKw: toKw(power.facility),
      pue: s.facility.pue,
      byComponentKw: mapValues(power.byComponent, (w) => w / 1e3),
      shelves: power.shelves
        ? {
            count: power.shelves.shelves,
            psus: power.shelves.psus,
            psuKw: toKw(power.shelves.psuPower),
            capacityKw: toKw(power.shelves.capacity),
            spare: power.shelves.spare,
          }
        : null,
    },
    cost: {
      capexUsd: cost.capex,
      perGpuUsd: cost.perGpu,
      byComponentUsd: mapValues(cost.byComponent, (v) => v),
      usdPerGpuHour: economics.usdPerGpuHour,
      lifetimeYears: economics.lifetimeYears,
      electricityUsdPerKwh: economics.electricityUsdPerKwh,
    },
    failures: failuresReport(system),
    ...(system.failures || system.stragglers ? { condition: conditionReport(system) } : {}),
    warnings: [
      ...system.warnings,
      ...power.warnings,
      ...(anywhere.reachable === system.gpus - 1 ? [] : [`topology: GPU 0 reaches only ${anywhere.reachable} of ${system.gpus - 1} other GPUs`]),
    ],
  };
}

function conditionReport(system: System): ConditionReport {
  const speeds = system.gpuSpeed;
  const slowest = speeds ? slowestGpu(speeds) : undefined;
  return {
    failed: system.failures ?? [],
    slowLinks: system.stragglers?.links ?? [],
    slowGpus: slowest?.slowGpus ?? 0,
    ...(slowest ? { slowestGpu: { rank: slowest.rank, speed: slowest.speed } } : {}),
    meanGpuSpeed: speeds ? speeds.reduce((a, b) => a + b, 0) / speeds.length : 1,
  };
}

function failuresReport(system: System): FailuresReport {
  const f = systemFailures(system);
  return {
    gpusPerOs: f.gpusPerOs,
    interruptionsPerDay: f.interruptionsPerDay,
    mtbfHours: f.mtbfHours,
    components: f.components.map(({ key, component: _, ...rest }) => ({ component: key, ...rest })),
  };
}

function mapValues<K extends string>(record: Readonly<Record<K, number>>, f: (v: number) => number): Record<K, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v as number)])) as Record<K, number>;
}
