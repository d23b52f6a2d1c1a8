/**
 * Parts a scenario defines itself (`parts:`): GPUs, switch chips, NICs, link media, CXL pools, racks and host CPUs with
 * the catalogue's fields, units and checks, each whole or `extends` a catalogue part and overrides some fields. The
 * system's id fields (gpu, scaleUp.switch, ...) name a part or a catalogue entry; resolve.ts looks them up here first.
 */

import { z } from 'zod';
import { excerpt } from '../base/excerpt.js';
import { cpus, cxlPools, gpus, linkMedia, nics, racks, switchChips } from '../hardware/index.js';
import type { CpuSpec, CxlPoolSpec, GpuSpec, LinkMediumSpec, NicSpec, RackSpec, Spec, SwitchChipSpec } from '../hardware/types.js';
import { didYouMean } from '../registry/did-you-mean.js';
import type { Registry } from '../registry/registry.js';
import { LIMITS } from './limits.js';
import { count, quantity, strictObject } from './schema-helpers.js';

/** A part's id: what the system's fields name it by. */
const PART_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A price in US dollars, 0 or more. */
const usd = (what: string) =>
  z
    .number()
    .nonnegative()
    .meta({ description: `${what} (USD)` });

/** The fields every part may carry that no model reads: how it is shown and where its figures come from. */
const labels = {
  name: z.string().min(1).meta({ description: 'what describe shows (default: the id, or the extended part name)' }),
  description: z.string().meta({ description: 'one line on what the part is' }),
  source: z.string().meta({ description: 'where its figures come from (default: "defined in the scenario")' }),
  assumptions: z.array(z.string()).meta({ description: 'which figures are estimates rather than published' }),
};

/** What each kind of part holds: the fields the models read, each required of a part that extends nothing. */
const FIELDS = {
  gpus: {
    vendor: z.string().min(1).meta({ description: 'who makes it' }),
    peak: strictObject(
      {
        bf16: quantity('compute', 'dense BF16 tensor throughput'),
        fp8: quantity('compute', 'dense FP8 tensor throughput')
          .nullable()
          .meta({ description: `${'dense FP8 tensor throughput'}, or null where the part has none (a compute rate such as 989TFLOPS)` }),
        fp4: quantity('compute', 'dense FP4 tensor throughput')
          .nullable()
          .meta({ description: `${'dense FP4 tensor throughput'}, or null where the part has none (a compute rate such as 989TFLOPS)` }),
        int8: quantity('compute', 'dense INT8 tensor throughput (operations/s)')
          .nullable()
          .meta({ description: `${'dense INT8 tensor throughput (operations/s)'}, or null where the part has none (a compute rate such as 989TFLOPS)` }),
      },
      'dense peak tensor throughput per number format; null where the part has no such format',
    ),
    hbmCapacity: quantity('bytes', 'HBM capacity as the datasheet states it'),
    hbmUsable: quantity('bytes', 'HBM the driver gives a process (memory plans are checked against it)'),
    hbmBandwidth: quantity('rate', 'HBM bandwidth'),
    tdp: quantity('power', 'rated board power'),
    scaleUpLinks: count('native scale-up links', LIMITS.partCount),
    scaleUpLinkBandwidth: quantity('rate', 'bandwidth of one scale-up link per direction'),
    scaleUpProtocol: z.string().min(1).meta({ description: 'scale-up link protocol (NVLink5, UALink, ...)' }),
    priceUsd: usd('price of one GPU'),
    measuredAs: z.string().meta({
      description:
        "the catalogue GPU whose measured kernels (GEMM and attention efficiencies, SM count, custom all-reduce, DeepEP) this one's are taken as (default: the extended GPU's)",
    }),
  },
  switches: {
    fabric: z.enum(['scale-up', 'ethernet', 'infiniband']).meta({ description: 'what fabric the chip switches' }),
    lanes: count('SerDes lanes', LIMITS.partCount),
    laneRate: quantity('rate', 'data rate of one lane per direction'),
    portToPortLatency: quantity('time', 'port-to-port latency'),
    inNetworkReduction: z.boolean().meta({ description: 'in-switch reduction and multicast (NVLS, SHARP, UALink-class collectives)' }),
    reductionRate: quantity('rate', 'operand bytes the chip reduces per second (omit where unknown: the links bound reductions)'),
    power: quantity('power', 'chip power'),
    priceUsd: usd('price of one switch (chip, box and its share of the system)'),
  },
  nics: {
    rate: quantity('rate', 'line rate per direction, all ports together'),
    ports: count('ports', LIMITS.partCount),
    hostInterface: z.string().min(1).meta({ description: 'host interface (PCIe Gen5 x16, ...)' }),
    hostBandwidth: quantity('rate', 'host interface bandwidth per direction'),
    latency: quantity('time', 'one-way NIC latency'),
    power: quantity('power', 'NIC power'),
    priceUsd: usd('price of one NIC'),
  },
  media: {
    reach: z.number().positive().meta({ description: 'reach in metres' }),
    energyPjPerBit: z.number().nonnegative().meta({ description: 'energy per bit moved, both ends of the link together (pJ/bit)' }),
    usdPerGbps: z.number().nonnegative().meta({ description: "cost per Gbit/s of one direction's capacity, both ends together (USD)" }),
    latency: quantity('time', 'added one-way latency of the electronics (DSP, retimers), flight time aside', { zero: true }),
    optical: z.boolean().meta({ description: 'optical (its transceivers fail as optics do) rather than copper' }),
  },
  cxlPools: {
    capacity: quantity('bytes', 'pool capacity'),
    bandwidthPerHost: quantity('rate', "one host's link into the pool, per direction"),
    loadLatency: quantity('time', 'load-to-use latency'),
    maxHosts: count('hosts one pool serves', LIMITS.hostsPerPool),
    power: quantity('power', 'pool power'),
    priceUsd: usd('price of one pool'),
  },
  racks: {
    powerBudget: quantity('power', 'power one rack may draw'),
    heatBudget: quantity('power', 'heat one rack may shed'),
    coolingPerGpu: quantity('power', "heat one GPU's cold plate or heat sink removes (omit where unstated)"),
    cooling: z.enum(['air', 'liquid']).meta({ description: 'how the rack is cooled' }),
    priceUsd: usd('price of one rack (frame, power shelves, cooling)'),
  },
  cpus: {
    cores: count('cores', LIMITS.partCount),
    tdp: quantity('power', 'rated power'),
    memoryBandwidth: quantity('rate', 'memory bandwidth'),
    priceUsd: usd('price of one CPU'),
  },
} as const;

export type PartKind = keyof typeof FIELDS;

/** Fields a part that extends nothing may leave out: the labels, and figures the catalogue leaves unstated too. */
const OPTIONAL: Readonly<Record<PartKind, readonly string[]>> = {
  gpus: ['hbmUsable'],
  switches: ['reductionRate'],
  nics: [],
  media: [],
  cxlPools: [],
  racks: ['coolingPerGpu'],
  cpus: [],
};

interface KindInfo<T extends Spec> {
  readonly registry: Registry<T>;
  /** What one is called in messages. */
  readonly noun: string;
}

const KINDS: { readonly [K in PartKind]: KindInfo<Spec> } = {
  gpus: { registry: gpus, noun: 'GPU' },
  switches: { registry: switchChips, noun: 'switch chip' },
  nics: { registry: nics, noun: 'NIC' },
  media: { registry: linkMedia, noun: 'link medium' },
  cxlPools: { registry: cxlPools, noun: 'CXL memory pool' },
  racks: { registry: racks, noun: 'rack' },
  cpus: { registry: cpus, noun: 'host CPU' },
};

/** One kind's parts: a map from id to fields, each part checked whole unless it extends a catalogue entry. */
function kindSchema(kind: PartKind) {
  const { registry, noun } = KINDS[kind];
  const fields = FIELDS[kind] as Record<string, z.ZodType>;
  // Every field optional; a nested object (a GPU's peak) field by field too, so a part that extends may change one.
  const optional = Object.fromEntries(
    Object.entries({ ...labels, ...fields }).map(([k, s]) => [
      k,
      (s instanceof z.ZodObject ? (s as z.ZodObject).partial().meta({ description: (s as z.ZodObject).description ?? '' }) : s).optional(),
    ]),
  );
  const part = strictObject(
    {
      extends: z
        .string()
        .meta({ description: `a catalogue ${noun} to start from: its fields, overridden by those given (one of ${registry.ids.join(', ')})` })
        .optional(),
      ...optional,
    },
    `a ${noun} of the scenario's own: every field of the catalogue's, or extends and the fields that differ`,
  ).superRefine((raw, ctx) => {
    const value = raw as ParsedPart;
    const measuredAs = value.measuredAs;
    if (kind === 'gpus' && typeof measuredAs === 'string' && !gpus.has(measuredAs)) {
      const near = didYouMean(measuredAs, gpus.ids);
      ctx.addIssue({
        code: 'custom',
        path: ['measuredAs'],
        message: `unknown GPU ${excerpt(measuredAs)}${near ? ` (did you mean '${near}'?)` : ''}; expected a catalogue GPU whose kernels were measured: one of ${gpus.ids.join(', ')}`,
      });
    }
    const base = value.extends;
    if (base !== undefined) {
      if (!registry.has(base)) {
        const near = didYouMean(base, registry.ids);
        ctx.addIssue({
          code: 'custom',
          path: ['extends'],
          message: `unknown ${noun} ${excerpt(base)}${near ? ` (did you mean '${near}'?)` : ''}; expected one of ${registry.ids.join(', ')}`,
        });
      }
      return;
    }
    const required = (path: string[], description: string | undefined) =>
      ctx.addIssue({
        code: 'custom',
        path,
        message: `required: a ${noun} that extends no catalogue ${noun} gives every field the models read (${description ?? path.join('.')})`,
      });
    for (const [field, schema] of Object.entries(fields)) {
      const given = value[field];
      if (given === undefined) {
        if (!OPTIONAL[kind].includes(field)) required([field], schema.description);
      } else if (schema instanceof z.ZodObject && isRecord(given)) {
        for (const [key, inner] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
          if (given[key] === undefined) required([field, key], inner.description);
        }
      }
    }
  });
  return z
    .record(z.string(), part)
    .superRefine((parts, ctx) => {
      const ids = Object.keys(parts);
      if (ids.length > LIMITS.partsPerKind) {
        ctx.addIssue({ code: 'custom', message: `expected at most ${LIMITS.partsPerKind} ${noun}s of the scenario's own; received ${ids.length}` });
      }
      for (const id of ids) {
        if (!PART_ID.test(id)) {
          ctx.addIssue({
            code: 'custom',
            path: [id],
            message: `a part id is 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit; received ${excerpt(id)}`,
          });
        } else if (registry.has(id)) {
          ctx.addIssue({ code: 'custom', path: [id], message: `'${id}' is a catalogue ${noun}: give the part an id of its own and extends: ${id}` });
        }
      }
    })
    .meta({ description: `${noun}s this scenario defines, by id` });
}

export const partsSchema = strictObject(
  {
    gpus: kindSchema('gpus').optional(),
    switches: kindSchema('switches').optional(),
    nics: kindSchema('nics').optional(),
    media: kindSchema('media').optional(),
    cxlPools: kindSchema('cxlPools').optional(),
    racks: kindSchema('racks').optional(),
    cpus: kindSchema('cpus').optional(),
  },
  "hardware the catalogue lacks, defined in the scenario (next year's accelerator, a switch chip on paper): the system's fields name them by id",
);

export type PartsInput = z.input<typeof partsSchema>;
export type Parts = z.output<typeof partsSchema>;

/** A part as parsed: labels, `extends` and the kind's fields, every one optional. */
type ParsedPart = Readonly<Record<string, unknown>> & { readonly extends?: string };

/** Whether `id` names a part of `kind` the scenario defines or a catalogue entry. */
export function knownPart(parts: Parts | undefined, kind: PartKind, id: string): boolean {
  return (parts?.[kind] as Record<string, unknown> | undefined)?.[id] !== undefined || KINDS[kind].registry.has(id);
}

/** The message for an id that names neither a part nor a catalogue entry. */
export function unknownPartMessage(parts: Parts | undefined, kind: PartKind, id: string): string {
  const { registry, noun } = KINDS[kind];
  const own = Object.keys((parts?.[kind] as Record<string, unknown> | undefined) ?? {});
  const near = didYouMean(id, [...registry.ids, ...own]);
  const defined = own.length > 0 ? `, or one of this scenario's: ${own.join(', ')}` : `, or a ${noun} defined under parts.${kind}`;
  return `unknown ${noun} ${excerpt(id)}${near ? ` (did you mean '${near}'?)` : ''}; expected one of ${registry.ids.join(', ')}${defined}`;
}

/**
 * The spec `id` names: the scenario's own part (its `extends` entry with the part's fields over it, nested objects
 * merged), else the catalogue's. A part's `assumptions` gain a line saying it is the scenario's; a GPU's `measuredAs`
 * defaults to the GPU it extends.
 */
function lookUp<T extends Spec>(parts: Parts | undefined, kind: PartKind, id: string): T {
  const part = (parts?.[kind] as Record<string, ParsedPart> | undefined)?.[id];
  const registry = KINDS[kind].registry as Registry<T>;
  if (!part) return registry.get(id);
  const { extends: base, ...fields } = part;
  const from = base === undefined ? undefined : registry.get(base);
  const merged: Record<string, unknown> = { ...(from ?? {}) };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const before = merged[k];
    merged[k] = isRecord(v) && isRecord(before) ? { ...before, ...v } : v;
  }
  const note =
    base === undefined ? 'defined in the scenario' : `defined in the scenario from ${base}, with ${Object.keys(fields).join(', ') || 'no field'} changed`;
  return {
    ...merged,
    id,
    name: (fields.name as string | undefined) ?? (from ? `${from.name} (${id})` : id),
    description: (fields.description as string | undefined) ?? from?.description ?? `${KINDS[kind].noun} defined in the scenario`,
    source: (fields.source as string | undefined) ?? 'defined in the scenario',
    assumptions: [...((fields.assumptions as string[] | undefined) ?? from?.assumptions ?? []), note],
  } as unknown as T;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function gpuPart(parts: Parts | undefined, id: string): GpuSpec {
  const gpu = lookUp<GpuSpec & { measuredAs?: string }>(parts, 'gpus', id);
  const part = parts?.gpus?.[id];
  if (!part) return gpu;
  const measuredAs = gpu.measuredAs ?? part.extends;
  return {
    ...gpu,
    hbmUsable: gpu.hbmUsable ?? gpu.hbmCapacity,
    ...(measuredAs === undefined ? {} : { measuredAs }),
  };
}

export const switchPart = (parts: Parts | undefined, id: string): SwitchChipSpec => lookUp(parts, 'switches', id);
export const nicPart = (parts: Parts | undefined, id: string): NicSpec => lookUp(parts, 'nics', id);
export const mediumPart = (parts: Parts | undefined, id: string): LinkMediumSpec => lookUp(parts, 'media', id);
export const cxlPoolPart = (parts: Parts | undefined, id: string): CxlPoolSpec => lookUp(parts, 'cxlPools', id);
export const rackPart = (parts: Parts | undefined, id: string): RackSpec => lookUp(parts, 'racks', id);
export const cpuPart = (parts: Parts | undefined, id: string): CpuSpec => lookUp(parts, 'cpus', id);
