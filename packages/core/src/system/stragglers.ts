/** Stragglers of a system: slow GPUs (named, or a seeded spread of per-GPU speeds) and slow links; the `stragglers:` schema, the `--straggler` text form, the checks, the speeds. */

import { z } from 'zod';
import { ArgumentError, ConfigError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { Random } from '../units/random.js';
import { strictObject } from './schema-helpers.js';

const index = (description: string) => z.number().int().nonnegative().meta({ description });
const speed = (description: string) =>
  z
    .number()
    .gt(0)
    .max(1)
    .meta({ description: `${description} (a share of nominal: above 0, at most 1)` });

const slowGpu = strictObject(
  { gpu: index('GPU rank'), speed: speed('its compute speed: 0.8 runs every kernel at 80% of the rate of the others') },
  'one slow GPU (a throttled clock, a weak part)',
);

const slowLink = strictObject(
  {
    layer: z.enum(['scale-up', 'scale-out']).meta({ description: 'the fabric of the link' }),
    gpu: index('GPU rank whose link is slow'),
    plane: index('switch plane of the link'),
    nic: index('scale-out only: which of the GPU NICs (default: every NIC port of the GPU on that plane)').optional(),
    speed: speed('its rate: 0.5 is a link trained down to half its lanes or speed'),
  },
  "one slow link: a GPU's NIC-to-leaf link (scale-out) or its lanes into a plane (scale-up)",
);

const normalSpread = strictObject(
  {
    distribution: z.literal('normal'),
    cv: z.number().positive().max(0.3).meta({ description: 'standard deviation of the speed (mean 1), e.g. 0.02' }),
    seed: z.number().int().nonnegative().meta({ description: 'seed of the draw: the same seed gives the same GPUs the same speeds' }),
  },
  'every GPU draws its speed from a normal distribution of mean 1 (clamped at 0.05)',
);

const tailSpread = strictObject(
  {
    distribution: z.literal('tail'),
    share: z.number().positive().max(1).meta({ description: 'chance that a GPU is slow, e.g. 0.01' }),
    speed: speed('speed of a slow GPU'),
    seed: z.number().int().nonnegative().meta({ description: 'seed of the draw' }),
  },
  'each GPU is slow with chance `share` (at `speed`), else nominal: a fleet with a few throttled parts',
);

export const stragglersSchema = strictObject(
  {
    gpus: z.array(slowGpu).max(4096).meta({ description: 'named slow GPUs (set after the spread)' }).optional(),
    links: z.array(slowLink).max(1024).meta({ description: 'named slow links (flow fidelity)' }).optional(),
    spread: z.discriminatedUnion('distribution', [normalSpread, tailSpread]).meta({ description: 'per-GPU speeds drawn at random, seeded' }).optional(),
  },
  'slow GPUs and links: collectives wait for their slowest rank, a training step for its slowest stage group',
);

export type Stragglers = z.output<typeof stragglersSchema>;
export type SlowLink = NonNullable<Stragglers['links']>[number];

/** The scenario's stragglers with the run's on top: named GPUs and links add up, the run's spread replaces the scenario's. */
export function mergeStragglers(base: Stragglers | undefined, extra: Stragglers | undefined): Stragglers | undefined {
  if (!base) return extra;
  if (!extra) return base;
  const spread = extra.spread ?? base.spread;
  return {
    gpus: [...(base.gpus ?? []), ...(extra.gpus ?? [])],
    links: [...(base.links ?? []), ...(extra.links ?? [])],
    ...(spread ? { spread } : {}),
  };
}

const EXAMPLES = 'expected e.g. gpu=5:speed=0.8, link:scale-out:plane=0:gpu=5:speed=0.5, normal:cv=0.02:seed=1, tail:share=0.01:speed=0.8:seed=1';

/**
 * `--straggler` texts (repeatable, comma-separated): `gpu=5:speed=0.8` (or `gpu:gpu=5:speed=0.8`), `link:<layer>:
 * plane=0:gpu=5:speed=0.5`, `normal:cv=0.02:seed=1`, `tail:share=0.01:speed=0.8:seed=1`.
 */
export function parseStragglerSpecs(texts: readonly string[]): Stragglers | undefined {
  const items = texts
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (items.length === 0) return undefined;
  const gpus: unknown[] = [];
  const links: unknown[] = [];
  let spread: unknown;
  for (const text of items) {
    const tokens = text.split(':');
    const kind = tokens[0]?.includes('=') ? 'gpu' : (tokens.shift() ?? '');
    const object: Record<string, string | number> = {};
    for (const token of tokens) {
      const eq = token.indexOf('=');
      if (eq < 0 && kind === 'link') object.layer = token;
      else if (eq < 0) throw new ArgumentError('straggler', `${excerpt(text)}: ${excerpt(token)} is not key=value; ${EXAMPLES}`);
      else object[token.slice(0, eq)] = Number.isFinite(Number(token.slice(eq + 1))) ? Number(token.slice(eq + 1)) : token.slice(eq + 1);
    }
    if (kind === 'gpu') gpus.push(object);
    else if (kind === 'link') links.push(object);
    else if (kind === 'normal' || kind === 'tail') spread = { distribution: kind, ...object };
    else throw new ArgumentError('straggler', `${excerpt(text)}: unknown kind ${excerpt(kind)}; ${EXAMPLES}`);
  }
  const parsed = stragglersSchema.safeParse({ gpus, links, ...(spread ? { spread } : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new ArgumentError('straggler', `${excerpt(items.join(','))}${where}: ${issue?.message ?? 'invalid'}; ${EXAMPLES}`);
  }
  return parsed.data;
}

/** Throws a ConfigError at `stragglers.gpus.i.gpu` (and the like) for a straggler naming a GPU, NIC or plane the system lacks. */
export function checkStragglers(
  system: { gpus: number; scaleUp: { planes: number }; scaleOut?: { planes: number } | undefined; spec: { scaleOut?: { nicsPerGpu: number } | undefined } },
  stragglers: Stragglers,
  where = 'stragglers',
): void {
  const gpuCheck = (gpu: number, path: (string | number)[]) => {
    if (gpu >= system.gpus) throw new ConfigError([where, ...path], `GPU ${gpu} does not exist; the system has GPUs 0-${system.gpus - 1}`);
  };
  stragglers.gpus?.forEach((g, i) => {
    gpuCheck(g.gpu, ['gpus', i, 'gpu']);
  });
  stragglers.links?.forEach((l, i) => {
    gpuCheck(l.gpu, ['links', i, 'gpu']);
    const out = l.layer === 'scale-out';
    if (out && !system.scaleOut) throw new ConfigError([where, 'links', i, 'layer'], 'the system has no scale-out network');
    const planes = out ? (system.scaleOut?.planes ?? 0) : system.scaleUp.planes;
    if (l.plane >= planes)
      throw new ConfigError([where, 'links', i, 'plane'], `plane ${l.plane} does not exist; the ${l.layer} fabric has planes 0-${planes - 1}`);
    const nics = system.spec.scaleOut?.nicsPerGpu ?? 0;
    if (l.nic !== undefined && (!out || l.nic >= nics)) {
      throw new ConfigError(
        [where, 'links', i, 'nic'],
        out ? `NIC ${l.nic} does not exist; each GPU has NICs 0-${nics - 1}` : 'nic applies to scale-out links',
      );
    }
  });
}

/** Lowest speed a normal draw may give: a GPU slower than 5% of nominal is a failed one, which resilience models. */
export const MIN_DRAWN_SPEED = 0.05;

/**
 * Per GPU rank, its compute speed (1 nominal): the spread drawn in rank order from the seed, then the named GPUs.
 * Example: { spread: { distribution: tail, share: 0.5, speed: 0.9, seed: 3 } } on 4 GPUs gives each 0.9 or 1.
 */
export function gpuSpeeds(stragglers: Stragglers, gpus: number): Float64Array {
  const speeds = new Float64Array(gpus).fill(1);
  const spread = stragglers.spread;
  if (spread) {
    const random = new Random(spread.seed);
    for (let g = 0; g < gpus; g++) {
      speeds[g] =
        spread.distribution === 'normal' ? Math.max(MIN_DRAWN_SPEED, 1 + spread.cv * random.normal()) : random.next() < spread.share ? spread.speed : 1;
    }
  }
  for (const g of stragglers.gpus ?? []) speeds[g.gpu] = g.speed;
  return speeds;
}

/** The slowest GPU (lowest speed; the lowest rank among equals) and how many run below nominal. */
export function slowestGpu(speeds: Float64Array): { rank: number; speed: number; slowGpus: number } {
  let rank = 0;
  let slowGpus = 0;
  for (let g = 0; g < speeds.length; g++) {
    if ((speeds[g] as number) < (speeds[rank] as number)) rank = g;
    if ((speeds[g] as number) < 1) slowGpus++;
  }
  return { rank, speed: speeds[rank] ?? 1, slowGpus };
}
