/** The system schema: one zod description of a cluster design, shared by scenario files, presets and `supernode schema`. */

import { z } from 'zod';
import { cpus, cxlPools, gpus, linkMedia, nics, racks, switchChips } from '../hardware/index.js';
import { fabricFailureSchema } from './fabric-failures.js';
import { LIMITS } from './limits.js';
import { knownPart, type PartKind, type Parts, partsSchema, unknownPartMessage } from './parts.js';
import { count, partRef, quantity, ratio, strictObject } from './schema-helpers.js';
import { stragglersSchema } from './stragglers.js';
import { TRANSPORTS } from './transports.js';

const serverSchema = strictObject(
  {
    gpus: count('GPUs per server (compute node or tray; one OS image sees these unless gpusPerOs says otherwise)', LIMITS.serverGpus),
    gpusPerOs: count(
      'GPUs one operating system image sees (default: the server): what a host or GPU failure takes down; 8, 16 or 32 on AL128, whose CPU nodes are apart from the GPU trays',
      LIMITS.serverGpus,
    ).optional(),
    cpu: partRef(cpus, 'cpus', 'host CPU'),
    cpus: count('CPU sockets per host: one OS image, the server unless gpusPerOs says otherwise', LIMITS.serverCpus).optional(),
    hostDram: quantity('bytes', 'host memory per host (one OS image): what the DRAM KV tier holds (default 2 TB, a DGX H100 host)').optional(),
    hostLinkBandwidth: quantity('rate', 'GPU-to-host link per GPU per direction (PCIe or C2C)').optional(),
    otherPower: quantity('power', 'server power besides GPUs, CPUs and NICs: DRAM, fans, drives, power conversion').optional(),
    otherPriceUsd: z.number().nonnegative().meta({ description: 'server price besides GPUs, CPUs and NICs (USD)' }).optional(),
  },
  'a server (compute node or tray): the unit GPUs are deployed in',
);

const scaleUpSchema = strictObject(
  {
    domainSize: count('GPUs in one scale-up domain (every GPU reaches every other over scale-up)', LIMITS.domainGpus),
    switch: partRef(switchChips, 'switches', 'scale-up switch chip'),
    tiers: z
      .union([z.literal(1), z.literal(2)])
      .meta({ description: 'switch tiers: 1 = single-stage, 2 = leaf-spine' })
      .optional(),
    leafGpus: count('GPUs per leaf switch (tiers: 2 only)', LIMITS.domainGpus).optional(),
    planes: count('parallel switch planes; each GPU splits its scale-up lanes across them (default: fewest that fit)', LIMITS.planes).optional(),
    bandwidthPerGpu: quantity('rate', 'scale-up bandwidth per GPU per direction (default: the GPU native links)').optional(),
    medium: partRef(linkMedia, 'media', 'link medium between GPUs and scale-up switches').optional(),
    switchLatency: quantity('time', 'switch port-to-port latency (default: the chip figure)').optional(),
    linkLatency: quantity('time', 'one-way latency of a GPU-switch link, flight time and PHY').optional(),
    protocolEfficiency: ratio(0.01, 1, 'share of raw link bandwidth left after protocol overhead').optional(),
    inSwitchReduction: z.boolean().meta({ description: 'switches reduce and multicast (NVLS / SHARP class)' }).optional(),
    reductionRate: quantity(
      'rate',
      'operand bytes one switch chip reduces per second (default: the chip figure, where one is known; without one the links alone bound reductions)',
    ).optional(),
    memorySemantics: z.boolean().meta({ description: 'load/store access to peer memory' }).optional(),
  },
  'the scale-up domain (layer 1): GPUs on a memory-semantic switch fabric',
);

const scaleOutSchema = strictObject(
  {
    nic: partRef(nics, 'nics', 'scale-out NIC'),
    transport: z
      .enum(TRANSPORTS)
      .meta({
        description:
          'how the NICs move collectives: infiniband (RDMA), roce (RDMA over Ethernet), efa (AWS SRD) or tcp (TCP sockets, no RDMA); default: infiniband on an InfiniBand switch, roce on Ethernet',
      })
      .optional(),
    nicsPerGpu: count('NICs per GPU', LIMITS.nics).optional(),
    nicAttach: z
      .enum(['host', 'scale-up'])
      .meta({
        description:
          "NICs behind each server's PCIe (host, the default), or pooled on the scale-up switches, where any GPU of the domain reaches any of its NICs: a failed NIC then leaves the domain's others carrying its traffic instead of stopping the job",
      })
      .optional(),
    switch: partRef(switchChips, 'switches', 'scale-out switch chip'),
    tiers: z
      .union([z.literal('auto'), z.literal(2), z.literal(3)])
      .meta({ description: 'Clos tiers, or auto for the fewest that fit' })
      .optional(),
    planes: count('independent network planes; each NIC splits its ports across them (HPN dual-plane = 2)', LIMITS.planes).optional(),
    railOptimized: z.boolean().meta({ description: 'NIC r of every server attaches to the leaves of rail r' }).optional(),
    oversubscription: ratio(1, 64, 'leaf downlink to uplink bandwidth ratio').optional(),
    upperOversubscription: ratio(1, 64, 'aggregation downlink to uplink ratio (3 tiers)').optional(),
    uplinkSpeed: quantity('rate', 'switch-to-switch port speed (default: the NIC port speed)').optional(),
    medium: partRef(linkMedia, 'media', 'link medium of scale-out links').optional(),
    switchLatency: quantity('time', 'switch port-to-port latency (default: the chip figure)').optional(),
    linkLatency: quantity('time', 'one-way latency of a scale-out link').optional(),
    protocolEfficiency: ratio(0.01, 1, 'share of line rate left after protocol overhead').optional(),
  },
  'the scale-out network (layer 2) between scale-up domains',
);

const dcnSchema = strictObject(
  {
    nic: partRef(nics, 'nics', 'front-end (DCN) NIC').optional(),
    nicsPerServer: count('DCN NICs per server', LIMITS.nics).optional(),
    attached: z
      .array(z.enum(['storage', 'kv-cache', 'database', 'internet']))
      .meta({ description: 'what hangs off the DCN' })
      .optional(),
    storageBandwidth: quantity('rate', 'aggregate bandwidth of the storage / KV store behind the DCN').optional(),
    latency: quantity('time', 'one-way latency from a host to the remote store').optional(),
    switch: partRef(switchChips, 'switches', "DCN switch chip (default: the scale-out network's, or tomahawk5)").optional(),
    oversubscription: z.number().min(1).max(16).meta({ description: 'DCN leaf down:up bandwidth (default 1, non-blocking)' }).optional(),
    medium: partRef(linkMedia, 'media', 'DCN link medium (default: pluggable optics)').optional(),
    converged: z
      .boolean()
      .meta({
        description:
          'the scale-out network is the DCN (a 2-layer design): storage and KV traffic ride the scale-out NICs; nic and nicsPerServer are then unused',
      })
      .optional(),
  },
  'the data-centre network (layer 3): storage, KV caches, external traffic',
);

const cxlSchema = strictObject(
  {
    pool: partRef(cxlPools, 'cxlPools', 'CXL memory pool'),
    hostsPerPool: count('servers sharing one pool', LIMITS.hostsPerPool),
    attach: z.enum(['host', 'scale-up']).meta({ description: 'pool hangs off host CPUs, or off the scale-up switches' }).optional(),
  },
  'CXL memory pools',
);

const ssdSchema = strictObject(
  {
    drives: count('NVMe drives per server (attach host) or per scale-up domain (attach scale-up)', LIMITS.drives),
    readBandwidth: quantity('rate', 'sequential read of one drive (default 14 GB/s, a PCIe Gen5 x4 drive)').optional(),
    writeBandwidth: quantity('rate', 'sequential write of one drive (default 10 GB/s)').optional(),
    attach: z
      .enum(['host', 'scale-up'])
      .meta({ description: "drives inside each server, behind its CPUs' PCIe; or pooled on the scale-up switches, reached by every GPU of the domain" })
      .optional(),
  },
  'local NVMe drives for checkpoints and weights: the first tier a checkpoint is written to, drained to remote storage behind the run',
);

const rackSchema = strictObject(
  {
    spec: partRef(racks, 'racks', 'rack'),
    gpus: count('GPUs per rack', LIMITS.rackGpus),
    powerBudget: quantity('power', 'power supply per rack (default: the rack spec)').optional(),
    heatBudget: quantity('power', 'heat dissipation per rack (default: the rack spec)').optional(),
    coolingPerGpu: quantity('power', "heat one GPU's cooling removes (default: the rack spec's, where it states one)").optional(),
    powerShelves: strictObject(
      {
        count: count('power shelves in a rack', LIMITS.powerShelves),
        psusPerShelf: count('power supply units in a shelf', LIMITS.psusPerShelf),
        psuPower: quantity('power', 'output of one power supply unit'),
      },
      "the rack's power shelves behind its busbar (default: the rack spec's, where it states them); a rack keeps running while the PSUs left hold its draw",
    ).optional(),
  },
  'racks holding the GPUs',
);

const facilitySchema = strictObject(
  {
    pue: ratio(1, 3, 'power usage effectiveness of the facility').optional(),
    powerBudget: quantity('power', 'facility IT power available for this system').optional(),
    electricityUsdPerKwh: z.number().nonnegative().meta({ description: 'electricity price' }).optional(),
    lifetimeYears: z.number().positive().max(20).meta({ description: 'years the hardware is written off over' }).optional(),
  },
  'the facility around the racks',
);

const collectivesSchema = strictObject(
  {
    latencyScale: ratio(
      0.05,
      20,
      "multiplies the collective library's latencies on this system: each call's launch and NCCL's per-call and per-step protocol latencies (default 1, the model's; `supernode calibrate` fits it from nccl-tests logs)",
    ).optional(),
  },
  'the collective library as measured on this system',
);

/** A system design as written in a scenario file (quantities still as text). */
export const systemSchema = strictObject(
  {
    name: z.string().min(1).meta({ description: 'short name of this design' }),
    description: z.string().meta({ description: 'one line on what the design is' }).optional(),
    source: z.string().meta({ description: 'where the design comes from' }).optional(),
    assumptions: z.array(z.string()).meta({ description: 'what is assumed rather than published' }).optional(),
    gpu: partRef(gpus, 'gpus', 'GPU'),
    gpus: count('GPUs in the system: whole servers and whole scale-up domains', LIMITS.systemGpus).optional(),
    server: serverSchema,
    scaleUp: scaleUpSchema,
    scaleOut: scaleOutSchema.optional(),
    dcn: dcnSchema.optional(),
    cxl: cxlSchema.optional(),
    ssd: ssdSchema.optional(),
    rack: rackSchema,
    facility: facilitySchema.optional(),
    failures: z
      .array(fabricFailureSchema)
      .max(LIMITS.fabricFailures)
      .meta({ description: 'failed fabric components (links, NICs, switches, planes): flow runs route around them and report the slowdown' })
      .optional(),
    stragglers: stragglersSchema.optional(),
    collectives: collectivesSchema.optional(),
    parts: partsSchema.optional(),
    partsFrom: z
      .union([z.string(), z.array(z.string())])
      .meta({ description: 'parts catalogue files (YAML or JSON, laid out as parts:), relative to the scenario; its own parts win where both define one' })
      .optional(),
  },
  'a GPU-centric AI cluster design',
).superRefine((system, ctx) => {
  for (const [path, kind, id] of partReferences(system)) {
    if (id !== undefined && !knownPart(system.parts, kind, id)) ctx.addIssue({ code: 'custom', path, message: unknownPartMessage(system.parts, kind, id) });
  }
});

/** Every field of a system that names a part, with its kind and the id it gives (undefined where left out). */
function partReferences(s: {
  readonly gpu: string;
  readonly server: { readonly cpu: string };
  readonly scaleUp: { readonly switch: string; readonly medium?: string | undefined };
  readonly scaleOut?: { readonly nic: string; readonly switch: string; readonly medium?: string | undefined } | undefined;
  readonly dcn?: { readonly nic?: string | undefined; readonly switch?: string | undefined; readonly medium?: string | undefined } | undefined;
  readonly cxl?: { readonly pool: string } | undefined;
  readonly rack: { readonly spec: string };
  readonly parts?: Parts | undefined;
}): [path: string[], kind: PartKind, id: string | undefined][] {
  return [
    [['gpu'], 'gpus', s.gpu],
    [['server', 'cpu'], 'cpus', s.server.cpu],
    [['scaleUp', 'switch'], 'switches', s.scaleUp.switch],
    [['scaleUp', 'medium'], 'media', s.scaleUp.medium],
    [['scaleOut', 'nic'], 'nics', s.scaleOut?.nic],
    [['scaleOut', 'switch'], 'switches', s.scaleOut?.switch],
    [['scaleOut', 'medium'], 'media', s.scaleOut?.medium],
    [['dcn', 'nic'], 'nics', s.dcn?.nic],
    [['dcn', 'switch'], 'switches', s.dcn?.switch],
    [['dcn', 'medium'], 'media', s.dcn?.medium],
    [['cxl', 'pool'], 'cxlPools', s.cxl?.pool],
    [['rack', 'spec'], 'racks', s.rack.spec],
  ];
}

export type SystemInput = z.input<typeof systemSchema>;
export type SystemSpec = z.output<typeof systemSchema>;
