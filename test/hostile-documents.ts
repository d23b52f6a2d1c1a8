/**
 * Random hostile scenario documents for property tests and the benchmark: presets with fields overwritten by
 * wrong types and extreme numbers, alias bombs, deep nesting, files past the size bound, binary bytes and free text.
 */

import { systemPresets } from '@supernode/core';
import fc from 'fast-check';

/** A scenario file's bytes, and what kind of attack made it (for failure messages and the benchmark's table). */
export interface HostileDocument {
  readonly kind: string;
  readonly bytes: Uint8Array;
}

const text = (kind: string) => (s: string) => ({ kind, bytes: new TextEncoder().encode(s) });

/** Numbers at and past every bound: zero, negatives, fractions, the float extremes, past 2^53, YAML's .inf and .nan. */
const extremeNumber = fc.oneof(
  fc.constantFrom(0, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 2 ** 31, 262_145, 1e21),
  fc.double(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
);
const extremeScalar = fc.oneof(extremeNumber, fc.string(), fc.constantFrom(null, true, '.inf', '-.inf', '.nan', '1e999', '~', '', '400Gbps', '-5GB/s'));
const anyValue = fc.oneof({ weight: 3, arbitrary: extremeScalar }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

/** Field paths of a scenario, so overwrites reach the schema's checks rather than stopping at an unknown key. */
const FIELDS: readonly (readonly string[])[] = [
  ['gpus'],
  ['gpu'],
  ['name'],
  ['server', 'gpus'],
  ['server', 'cpus'],
  ['scaleUp', 'domainSize'],
  ['scaleUp', 'planes'],
  ['scaleUp', 'tiers'],
  ['scaleUp', 'leafGpus'],
  ['scaleUp', 'bandwidthPerGpu'],
  ['scaleUp', 'switch'],
  ['scaleUp', 'switchLatency'],
  ['scaleUp', 'protocolEfficiency'],
  ['scaleOut', 'nicsPerGpu'],
  ['scaleOut', 'planes'],
  ['scaleOut', 'tiers'],
  ['scaleOut', 'oversubscription'],
  ['scaleOut', 'uplinkSpeed'],
  ['scaleOut', 'switch'],
  ['dcn', 'nicsPerServer'],
  ['scaleOut', 'nicAttach'],
  ['scaleOut', 'transport'],
  ['cxl', 'hostsPerPool'],
  ['ssd', 'drives'],
  ['ssd', 'readBandwidth'],
  ['ssd', 'attach'],
  ['rack', 'gpus'],
  ['rack', 'powerBudget'],
  ['rack', 'powerShelves'],
  ['facility', 'pue'],
  ['bogusKey'],
];

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** A preset written out whole (or as `extends:`) with a few fields overwritten; some of these are valid scenarios. */
const mutatedPreset = fc
  .record({
    preset: fc.constantFrom(...systemPresets.ids),
    whole: fc.boolean(),
    json: fc.boolean(),
    edits: fc.array(fc.tuple(fc.constantFrom(...FIELDS), anyValue), { maxLength: 4 }),
  })
  .map(({ preset, whole, json, edits }) => {
    const doc: Record<string, unknown> = whole ? (structuredClone(systemPresets.get(preset).input) as Record<string, unknown>) : { extends: preset };
    for (const [path, value] of edits) setIn(doc, path, value);
    return text(json ? 'preset-json' : 'preset-yaml')(json ? JSON.stringify(doc) : toYamlish(doc));
  });

/** Flow-style YAML of plain data (JSON is valid YAML 1.2); keys of a mapping on lines of their own. */
function toYamlish(doc: Record<string, unknown>): string {
  return Object.entries(doc)
    .map(([k, v]) => `${k}: ${JSON.stringify(v) ?? 'null'}`)
    .join('\n');
}

/** `a0: &a0 [x, ...]`, `a1: &a1 [*a0, *a0, ...]`, ...: width^depth nodes from a few lines. */
const aliasBomb = fc
  .record({ width: fc.integer({ min: 2, max: 16 }), depth: fc.integer({ min: 2, max: 14 }), extend: fc.boolean() })
  .map(({ width, depth, extend }) => {
    const lines = extend ? ['extends: al128'] : [];
    lines.push(`a0: &a0 [${Array(width).fill('x').join(', ')}]`);
    for (let i = 1; i < depth; i++)
      lines.push(
        `a${i}: &a${i} [${Array(width)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    return text('alias-bomb')(`${lines.join('\n')}\n`);
  });

/**
 * Flow brackets or block indentation, from below the guard to tens of thousands of levels: most of them small enough
 * to reach the nesting guards rather than the size bound (64 KiB), which `huge` and past it lie beyond.
 */
const deepNesting = fc.record({ depth: fc.integer({ min: 32, max: 20_000 }), style: fc.constantFrom('[', '{', 'block', 'dash') }).map(({ depth, style }) => {
  if (style === '[') return text('deep-flow')(`scaleUp: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`);
  if (style === '{') return text('deep-flow')(`scaleUp: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`);
  // 320 levels of indentation are 51,040 spaces: past MAX_SCENARIO_INDENT (256) and within the size bound.
  const levels = Math.min(depth, 320);
  if (style === 'dash') return text('deep-block')(`gpus:\n${Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}-`).join('\n')} 1\n`);
  return text('deep-block')(`${Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`);
});

/** From below to 16 times past the 64 KiB bound, in one long string or in many keys (cli-process.test.ts reads 3 MiB). */
const huge = fc.record({ mib: fc.double({ min: 0.02, max: 1, noNaN: true }), keys: fc.boolean() }).map(({ mib, keys }) => {
  const size = Math.floor(mib * 2 ** 20);
  if (!keys) return text('huge-file')(`extends: al128\ndescription: "${'x'.repeat(size)}"\n`);
  const lines: string[] = ['extends: al128'];
  for (let n = 15; n < size; n += 20) lines.push(`k${String(lines.length).padStart(12, '0')}: 1`);
  return text('huge-file')(lines.join('\n'));
});

const binary = fc.uint8Array({ minLength: 1, maxLength: 4096 }).map((bytes) => ({ kind: 'binary', bytes }));
const freeText = fc.string({ unit: 'binary', maxLength: 512 }).map(text('free-text'));
const jsonValue = fc.jsonValue({ maxDepth: 6 }).map((v) => text('json-value')(JSON.stringify(v) ?? 'null'));

export const hostileDocument: fc.Arbitrary<HostileDocument> = fc.oneof(
  { weight: 6, arbitrary: mutatedPreset },
  { weight: 2, arbitrary: aliasBomb },
  { weight: 2, arbitrary: deepNesting },
  { weight: 1, arbitrary: huge },
  { weight: 2, arbitrary: binary },
  { weight: 2, arbitrary: freeText },
  { weight: 1, arbitrary: jsonValue },
);
