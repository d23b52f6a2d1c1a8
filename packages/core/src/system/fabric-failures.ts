/** Failed fabric components of a degraded system: the `failures:` schema and the compact `--fail` text form. */

import { z } from 'zod';
import { ConfigError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { strictObject } from './schema-helpers.js';

const index = (description: string) => z.number().int().nonnegative().meta({ description });
const layer = z.enum(['scale-up', 'scale-out']).meta({ description: 'the fabric: scale-up (NVLink, UB, UALink) or scale-out (the NIC network)' });

const linkFailure = strictObject(
  {
    kind: z.literal('link'),
    layer,
    gpu: index('GPU rank whose link fails'),
    plane: index('switch plane of the link (scale-out: the plane its NIC port joins; scale-up: the plane its lanes join)'),
    nic: index('scale-out only: which of the GPU NICs (default: every NIC port of the GPU on that plane)').optional(),
  },
  "a GPU's link into one plane: scale-out, its NIC-to-leaf link on that plane; scale-up, its lanes to that plane's switch",
);
const nicFailure = strictObject(
  { kind: z.literal('nic'), gpu: index('GPU rank the NIC serves'), nic: index('which of the GPU NICs (default 0)').optional() },
  'a scale-out NIC: every port it has goes down',
);
const switchFailure = strictObject(
  {
    kind: z.literal('switch'),
    layer: z.literal('scale-out').meta({ description: 'scale-out switches (a scale-up switch fails with its plane: kind plane)' }),
    tier: z
      .enum(['leaf', 'spine', 'aggregation', 'core'])
      .meta({ description: 'switch tier: leaf; spine of a two-tier Clos; aggregation or core of a three-tier one' }),
    plane: index('the switch plane'),
    index: index(
      'the switch within its tier of that plane: aggregation switches count pod by pod (pod x aggregations per pod + a), cores group by group (the group of aggregation a holds cores a x cores per group ...)',
    ),
  },
  'one scale-out switch: every link it has goes down',
);
const planeFailure = strictObject(
  {
    kind: z.literal('plane'),
    layer,
    plane: index('the switch plane'),
    domain: index('scale-up only: the domain whose plane fails (default: that plane in every domain)').optional(),
  },
  'a whole switch plane: every link into it goes down',
);

export const fabricFailureSchema = z
  .discriminatedUnion('kind', [linkFailure, nicFailure, switchFailure, planeFailure])
  .meta({ description: 'a failed fabric component: link, nic, switch or plane' });

export type FabricFailure = z.output<typeof fabricFailureSchema>;

/**
 * `--fail` text: `kind[:layer][:tier]:key=value...`, e.g. `link:scale-out:plane=0:gpu=5`, `nic:gpu=5`,
 * `switch:scale-out:leaf:plane=0:index=3`, `plane:scale-up:plane=1`. Several may be given comma-separated.
 */
export function parseFailSpecs(texts: readonly string[]): FabricFailure[] {
  return texts
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map(parseFailSpec);
}

function parseFailSpec(text: string): FabricFailure {
  const [kind, ...rest] = text.split(':');
  const object: Record<string, string | number> = { kind: kind ?? '' };
  for (const token of rest) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      if (token === 'scale-up' || token === 'scale-out') object.layer = token;
      else object.tier = token;
      continue;
    }
    const value = token.slice(eq + 1);
    object[token.slice(0, eq)] = /^\d+$/.test(value) ? Number(value) : value;
  }
  const parsed = fabricFailureSchema.safeParse(object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new ConfigError(
      ['fail'],
      `${excerpt(text)}${where}: ${issue?.message ?? 'invalid'}; expected e.g. link:scale-out:plane=0:gpu=5, nic:gpu=5, switch:scale-out:leaf:plane=0:index=3, plane:scale-up:plane=1`,
    );
  }
  return parsed.data;
}
