/**
 * A built system written back as a whole scenario: every field the design resolved (its `extends` merged, every default
 * filled, quantities in base units), which reads back into the same system, so another tool or a colleague sees every
 * figure the model used.
 */

import type { SystemSpec } from './schema.js';
import type { System } from './system.js';

/** Leaves out undefined fields, so the scenario holds only what the design has. */
const defined = <T extends Record<string, unknown>>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * `system` (built from `spec`) as scenario fields. Example: `hgx-h100` gains `scaleUp.protocolEfficiency: 0.93`,
 * `scaleUp.medium: copper`, `server.hostDram: 2048000000000`, `collectives.latencyScale: 1` and the rest of the defaults.
 */
export function resolvedScenario(spec: SystemSpec, system: System): Record<string, unknown> {
  const s = system.spec;
  const up = s.scaleUp;
  const out = s.scaleOut;
  const dcn = s.dcn;
  return defined({
    name: s.name,
    description: s.description,
    source: s.source,
    assumptions: [...s.assumptions],
    gpu: s.gpu.id,
    gpus: system.gpus,
    server: {
      gpus: s.server.gpus,
      gpusPerOs: s.server.gpusPerOs,
      cpu: s.server.cpu.id,
      cpus: s.server.cpus,
      hostDram: s.server.hostDram,
      hostLinkBandwidth: s.server.hostLinkBandwidth,
      otherPower: s.server.otherPower,
      otherPriceUsd: s.server.otherPriceUsd,
    },
    scaleUp: defined({
      domainSize: up.domainSize,
      switch: up.switch.id,
      tiers: up.tiers,
      leafGpus: up.tiers === 2 ? up.leafGpus : undefined,
      planes: up.planes === 'auto' ? undefined : up.planes,
      bandwidthPerGpu: up.bandwidthPerGpu,
      medium: up.medium.id,
      switchLatency: up.switchLatency,
      linkLatency: up.linkLatency,
      protocolEfficiency: up.protocolEfficiency,
      inSwitchReduction: up.inSwitchReduction,
      reductionRate: up.reductionRate,
      memorySemantics: up.memorySemantics,
    }),
    scaleOut: out
      ? defined({
          nic: out.nic.id,
          transport: out.transport,
          nicAttach: out.nicAttach,
          nicsPerGpu: out.nicsPerGpu,
          switch: out.switch.id,
          tiers: out.tiers,
          planes: out.planes,
          railOptimized: out.railOptimized,
          oversubscription: out.oversubscription,
          upperOversubscription: out.upperOversubscription,
          uplinkSpeed: out.uplinkSpeed,
          medium: out.medium.id,
          switchLatency: out.switchLatency,
          linkLatency: out.linkLatency,
          protocolEfficiency: out.protocolEfficiency,
        })
      : undefined,
    dcn: dcn
      ? defined({
          converged: dcn.converged,
          nic: dcn.converged ? undefined : dcn.nic.id,
          nicsPerServer: dcn.converged ? undefined : dcn.nicsPerServer,
          attached: [...dcn.attached],
          storageBandwidth: dcn.storageBandwidth,
          latency: dcn.latency,
          switch: dcn.switch.id,
          oversubscription: dcn.oversubscription,
          medium: dcn.medium.id,
        })
      : undefined,
    cxl: s.cxl ? { pool: s.cxl.pool.id, hostsPerPool: s.cxl.hostsPerPool, attach: s.cxl.attach } : undefined,
    ssd: s.ssd ? { drives: s.ssd.drives, readBandwidth: s.ssd.readBandwidth, writeBandwidth: s.ssd.writeBandwidth, attach: s.ssd.attach } : undefined,
    rack: defined({
      spec: s.rack.spec.id,
      gpus: s.rack.gpus,
      powerBudget: s.rack.powerBudget,
      heatBudget: s.rack.heatBudget,
      coolingPerGpu: s.rack.coolingPerGpu,
      powerShelves: s.rack.powerShelves,
    }),
    facility: defined({
      pue: s.facility.pue,
      powerBudget: s.facility.powerBudget,
      electricityUsdPerKwh: s.facility.electricityUsdPerKwh,
      lifetimeYears: s.facility.lifetimeYears,
    }),
    collectives: { latencyScale: s.collectives.latencyScale },
    failures: spec.failures,
    stragglers: spec.stragglers,
    parts: spec.parts,
  });
}
