/** Failure inventory of a built system: each failing component's count, interruptions per day, and what one failure takes down. */

import { type FailureComponent, failureModels } from '../hardware/failures.js';
import { systemPower } from './power.js';
import type { System } from './system.js';

export interface ComponentFailures {
  /** What fails in this system: the catalogue entry's id, or scale-up-optics for the optics of a scale-up fabric. */
  readonly key: string;
  readonly component: FailureComponent;
  /** Units of the catalogue entry's `unit` in this system (GPUs, OS images, kW, W of switch chips, links, ...). */
  readonly units: number;
  readonly unit: string;
  /** Failures per day of all these units together. */
  readonly failuresPerDay: number;
  /** Whether one failure stops a job that spans the system (false: traffic runs on at reduced bandwidth). */
  readonly interrupts: boolean;
  /** GPUs one failure takes out of service until repaired; `scope` names what they are. */
  readonly blastRadiusGpus: number;
  readonly scope: string;
  readonly detectS: number;
  readonly repairS: number;
}

export interface SystemFailures {
  readonly components: readonly ComponentFailures[];
  /** Failures that interrupt a job spanning the whole system, per day. */
  readonly interruptionsPerDay: number;
  /** 24 h / interruptions per day. */
  readonly mtbfHours: number;
  readonly gpusPerOs: number;
}

/**
 * Worked example (hgx-h100, 16,384 GPUs): 16,384 GPUs x 9.23 per million hours x 24 h = 3.63 GPU failures a day,
 * 1.33 HBM, 2,048 OS images x 16.2 = 0.80 host, 1,280 switch chips x 0.48 = 0.015 ...; 8.0 interruptions a day in all
 * (Llama 3 saw 419 in 54 days: 7.8), one every 3.0 hours.
 */
export function systemFailures(system: System): SystemFailures {
  const rows = inventory(system).filter((r) => r.units > 0);
  const components = rows.map((r): ComponentFailures => {
    const spec = failureModels.get(r.component);
    return {
      key: r.key ?? r.component,
      component: r.component,
      units: r.units,
      unit: spec.unit,
      failuresPerDay: (r.units * spec.perMillionHours * 24) / 1e6,
      interrupts: r.interrupts,
      blastRadiusGpus: Math.min(system.gpus, r.blastRadiusGpus),
      scope: r.scope,
      detectS: spec.detectS,
      repairS: spec.repairS,
    };
  });
  const interruptionsPerDay = components.filter((c) => c.interrupts).reduce((n, c) => n + c.failuresPerDay, 0);
  return { components, interruptionsPerDay, mtbfHours: 24 / interruptionsPerDay, gpusPerOs: system.spec.server.gpusPerOs };
}

interface InventoryRow {
  readonly key?: string;
  readonly component: FailureComponent;
  readonly units: number;
  readonly interrupts: boolean;
  readonly blastRadiusGpus: number;
  readonly scope: string;
}

/** The power-supply row: PSUs fail per kW they deliver; a rack whose shelves spare a PSU at its rated draw rides through one. */
function powerRow(system: System, rackScale: boolean): InventoryRow {
  const power = systemPower(system);
  const s = system.spec;
  const units = power.total / 1000;
  if (rackScale && power.shelves && power.shelves.spare >= 1) {
    return {
      component: 'power',
      units,
      interrupts: false,
      blastRadiusGpus: 0,
      scope: `the rack's other PSUs carry on, N+${power.shelves.spare} at rated draw`,
    };
  }
  return { component: 'power', units, interrupts: true, blastRadiusGpus: rackScale ? s.rack.gpus : s.server.gpus, scope: rackScale ? 'rack' : 'server' };
}

/**
 * What fails and what it takes down:
 * - a GPU, its HBM, its host or a NIC: the OS image (the host is drained to reset or swap the part); a scale-out NIC
 *   pooled on the scale-up switches (scaleOut.nicAttach scale-up): nothing, as any GPU of the domain reaches the
 *   domain's other NICs and traffic moves to them at a share less bandwidth (assumption, as the multi-plane links below);
 * - a power supply: the server, or the rack where a scale-up domain spans servers (rack power shelves on a busbar);
 *   nothing where the rack's shelves hold its rated draw with a PSU to spare (N+1 or better), as a shelf's PSUs share
 *   the busbar and the rest carry the load;
 * - a scale-up switch chip: its domain stops until the tray is swapped;
 * - a scale-out switch, link or transceiver: on one plane, the GPUs under a leaf (a rail) or the OS image behind a
 *   link; on two or more planes, nothing: each NIC has a port on every plane and traffic moves to the others (Alibaba
 *   HPN's dual-plane design, Qian et al., SIGCOMM'24), at reduced bandwidth and with no interruption (assumption);
 * - a CXL pool: the servers mapped to it;
 * - software: nothing is taken out, the job restarts.
 */
function inventory(system: System): readonly InventoryRow[] {
  const s = system.spec;
  const os = s.server.gpusPerOs;
  const rackScale = s.scaleUp.domainSize > s.server.gpus;
  const out = system.scaleOut;
  const singlePlane = (out?.planes ?? 1) === 1;
  const scaleOutLinks = out ? scaleOutLinkCount(system) : 0;
  const upLinks = rackScale ? scaleUpLinkCount(system) : 0;
  const railGpus = out ? out.leafDownPorts / out.portsPerGpuPerPlane : 0;
  const scaleOutNics = system.gpus * (s.scaleOut?.nicsPerGpu ?? 0);
  const dcnNics = system.servers * (s.dcn?.nicsPerServer ?? 0);
  const pooledNics = s.scaleOut?.nicAttach === 'scale-up';
  return [
    { component: 'gpu', units: system.gpus, interrupts: true, blastRadiusGpus: os, scope: 'OS image' },
    { component: 'hbm', units: system.gpus, interrupts: true, blastRadiusGpus: os, scope: 'OS image' },
    { component: 'host', units: system.gpus / os, interrupts: true, blastRadiusGpus: os, scope: 'OS image' },
    ...(pooledNics
      ? [
          { component: 'nic' as const, units: dcnNics, interrupts: true, blastRadiusGpus: os, scope: 'OS image' },
          {
            key: 'scale-out-nic',
            component: 'nic' as const,
            units: scaleOutNics,
            interrupts: false,
            blastRadiusGpus: 0,
            scope: "the domain's other NICs carry on",
          },
        ]
      : [{ component: 'nic' as const, units: scaleOutNics + dcnNics, interrupts: true, blastRadiusGpus: os, scope: 'OS image' }]),
    powerRow(system, rackScale),
    {
      component: 'scale-up-switch',
      units: system.domains * system.scaleUp.switchesPerDomain * s.scaleUp.switch.power,
      interrupts: true,
      blastRadiusGpus: s.scaleUp.domainSize,
      scope: 'scale-up domain',
    },
    { component: 'scale-up-link', units: upLinks, interrupts: true, blastRadiusGpus: os, scope: 'OS image' },
    {
      key: 'scale-up-optics',
      component: 'optics',
      units: s.scaleUp.medium.optical ? 2 * upLinks : 0,
      interrupts: true,
      blastRadiusGpus: os,
      scope: 'OS image',
    },
    {
      component: 'scale-out-switch',
      units: (out?.switchTiers ?? []).reduce((n, t) => n + t.count, 0),
      interrupts: singlePlane,
      blastRadiusGpus: singlePlane ? railGpus : 0,
      scope: singlePlane ? 'rail (GPUs under a leaf)' : 'other planes carry on',
    },
    {
      component: 'link',
      units: scaleOutLinks,
      interrupts: singlePlane,
      blastRadiusGpus: singlePlane ? os : 0,
      scope: singlePlane ? 'OS image' : 'other planes carry on',
    },
    {
      component: 'optics',
      units: s.scaleOut?.medium.optical ? 2 * scaleOutLinks : 0,
      interrupts: singlePlane,
      blastRadiusGpus: singlePlane ? os : 0,
      scope: singlePlane ? 'OS image' : 'other planes carry on',
    },
    {
      component: 'memory-pool',
      units: system.cxlPools,
      interrupts: true,
      blastRadiusGpus: (s.cxl?.hostsPerPool ?? 0) * s.server.gpus,
      scope: 'servers on the pool',
    },
    { component: 'software', units: system.gpus, interrupts: true, blastRadiusGpus: 0, scope: 'restart only' },
  ];
}

/** NIC-leaf links plus leaf and aggregation uplinks, on every plane: 49,152 on hgx-h100 at 16,384 GPUs. */
export function scaleOutLinkCount(system: System): number {
  const o = system.scaleOut;
  if (!o) return 0;
  const nicLinks = system.gpus * o.portsPerGpuPerPlane * o.planes;
  const leafUp = o.leavesPerPlane * o.planes * o.leafUplinks;
  const aggUp = o.tiers === 3 ? o.pods * o.aggsPerPod * o.planes * o.aggUplinks : 0;
  return nicLinks + leafUp + aggUp;
}

/** Scale-up cables: one per native GPU link of bandwidth (NVL72: 900 / 50 GB/s = 18 per GPU), twice with leaf-spine tiers. */
export function scaleUpLinkCount(system: System): number {
  const gpu = system.spec.gpu;
  const perGpu = Math.ceil(system.scaleUp.provisionedPerGpu / gpu.scaleUpLinkBandwidth - 1e-9);
  return system.gpus * perGpu * (system.scaleUp.tiers === 2 ? 2 : 1);
}
