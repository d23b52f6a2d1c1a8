/**
 * Hostile command lines for property tests and the benchmark: every command's valid base line with one flag given an
 * absurd value (huge, negative, not a number, empty, a device, a path out of the folder, markup), an unknown or
 * repeated flag, a missing value, or a hostile file; generated from the command definitions, so a new argument is
 * attacked with no other edit.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArgField, argFields, commands } from '@supernode/core';
import fc from 'fast-check';

/** Devices among the files (every reader refuses a file that is not a regular one). */
const DEVICES = true;

/** A command line and what it attacks, for failure messages and the benchmark's table. */
export interface HostileArgv {
  readonly kind: string;
  readonly argv: readonly string[];
}

/** Cheap valid lines, one per command: a hostile value replaces or joins one of their flags. */
const BASE: Readonly<Record<string, readonly string[]>> = {
  describe: ['describe', 'hgx-h100', '--json'],
  compare: ['compare', 'hgx-h100', 'al128', '--json'],
  collective: ['collective', '--system', 'hgx-h100', '--op', 'allreduce', '--sizes', '1M', '--json'],
  share: ['share', '--system', 'hgx-h100', '--gpus', '16', '--job', 'allreduce:8:1M', '--job', 'alltoall:8:1M', '--json'],
  train: ['train', '--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '2048', '--json'],
  resilience: [
    ...['resilience', '--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '2048'],
    ...['--runs', '5', '--json'],
  ],
  serve: ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--rate', '20', '--requests', '40', '--json'],
  capacity: ['capacity', '--system', 'hgx-h100', '--model', 'llama3-8b', '--slo', 'tpot=50ms', '--json'],
  presets: ['presets', '--json'],
  schema: ['schema'],
};

/** Files the lines name: a device, a missing file, a folder, a binary file, a huge text file, a FIFO where the OS has them. */
export interface HostileFiles {
  readonly dir: string;
  readonly paths: readonly string[];
}

export function hostileFiles(dir: string): HostileFiles {
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, 'binary.yaml');
  writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
  const huge = join(dir, 'huge.json');
  writeFileSync(huge, `{"a": "${'x'.repeat(3 * 2 ** 20)}"}`);
  const key = join(dir, 'id_rsa');
  writeFileSync(key, `-----BEGIN OPENSSH PRIVATE KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAA'.repeat(40)}\n-----END OPENSSH PRIVATE KEY-----\n`);
  const fifo = join(dir, 'fifo');
  // A FIFO with no writer: opening it to read would wait forever.
  const fifos = DEVICES && spawnSync('mkfifo', [fifo]).status === 0 ? [fifo] : [];
  const devices = DEVICES ? ['/dev/zero', '/dev/null', '/proc/self/mem', ...fifos] : [];
  return { dir, paths: [...devices, join(dir, 'missing.yaml'), dir, binary, huge, key, '../../../../etc/passwd'] };
}

/** Absurd values for any flag: numbers at and past every bound, text that is empty, long, markup, a prototype key. */
const ANY_VALUE = [
  '0',
  '-1',
  '-0',
  'NaN',
  'Infinity',
  '1e308',
  '1e-300',
  '1e999',
  '99999999999999999999',
  '0x10',
  '1.5',
  '2.5e9',
  '',
  ' ',
  'a'.repeat(5000),
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '%s%n%x',
  'hbm;;;',
  ':::',
  'file:',
  '\u202e\u0000',
  '1e6h',
  '-5min',
];

/** Values that fit a field's kind but sit at or past its bounds, so the line reaches the model rather than the reader. */
function kindValues(field: ArgField): string[] {
  switch (field.kind) {
    case 'count':
      return ['1', '2', '1024', '262144', '262145', '50000000', '50000001', '4294967296'];
    case 'number':
      return ['0.001', '1000', '1e7', '1e18', '1e-9'];
    case 'time':
      return ['0', '1ms', '8760h', '8761h', '52w'];
    case 'choice':
    case 'choices':
      return [...(field.choices ?? []).map(String), (field.choices ?? []).map(String).join(','), 'nope'];
    case 'flag':
      return [];
    default:
      return [
        ...(field.examples ?? []),
        ...(DEVICES ? ['file:/dev/zero', '/dev/zero'] : []),
        'file:../../etc/passwd',
        '9999999:1',
        'ttft=1e999s',
        'allreduce:262145:1G',
        'uniform:1:99999999999',
      ];
  }
}

/** The flags of a run command and the system flags every run command takes. */
function flagsOf(id: string): { flag: string; values: string[] }[] {
  const fields = commands.has(id) ? argFields(commands.get(id).args) : [];
  const own = fields.filter((f) => f.kind !== 'flag').map((f) => ({ flag: f.flag, values: [...kindValues(f), ...ANY_VALUE] }));
  const system = commands.has(id) ? [{ flag: '--gpus', values: ['0', '7', '100', '262144', '262152', '1e9', ...ANY_VALUE] }] : [];
  return [...own, ...system];
}

/** Replaces the value of `flag` in `argv` (or appends the flag with it). */
function withValue(argv: readonly string[], flag: string, value: string): string[] {
  const at = argv.indexOf(flag);
  return at >= 0 ? [...argv.slice(0, at + 1), value, ...argv.slice(at + 2)] : [...argv, flag, value];
}

export function hostileArgv(files: HostileFiles): fc.Arbitrary<HostileArgv> {
  const ids = Object.keys(BASE);
  const runIds = ids.filter((id) => commands.has(id) && id !== 'describe');
  const oneFlag = fc
    .constantFrom(...runIds)
    .chain((id) => fc.constantFrom(...flagsOf(id)).chain(({ flag, values }) => fc.constantFrom(...values).map((v) => ({ id, flag, v }))))
    .map(({ id, flag, v }) => ({ kind: `${id} ${flag}`, argv: withValue(BASE[id] as string[], flag, v) }));
  const twoFlags = fc.tuple(fc.constantFrom(...runIds), fc.nat(), fc.nat(), fc.nat(), fc.nat()).map(([id, a, b, c, d]) => {
    const flags = flagsOf(id);
    const f1 = flags[a % flags.length] as { flag: string; values: string[] };
    const f2 = flags[b % flags.length] as { flag: string; values: string[] };
    const argv = withValue(
      withValue(BASE[id] as string[], f1.flag, f1.values[c % f1.values.length] as string),
      f2.flag,
      f2.values[d % f2.values.length] as string,
    );
    return { kind: `${id} two flags`, argv };
  });
  const file = fc
    .tuple(fc.constantFrom(...files.paths), fc.constantFrom('describe', 'system', 'model', 'trace', 'input-len', 'cases', 'sweep', 'pareto'))
    .map(([path, where]) => {
      const argv =
        where === 'describe'
          ? ['describe', path]
          : where === 'system'
            ? withValue(BASE.collective as string[], '--system', path)
            : where === 'model'
              ? withValue(BASE.train as string[], '--model', path)
              : where === 'trace'
                ? withValue(BASE.serve as string[], '--trace', path)
                : where === 'input-len'
                  ? withValue(BASE.serve as string[], '--input-len', `file:${path}`)
                  : where === 'cases'
                    ? ['validate', '--cases', path, '--filter', 'nothing-matches']
                    : where === 'sweep'
                      ? ['sweep', path, '--out', join(files.dir, 'out.duckdb')]
                      : ['pareto', path, '--x', 'a', '--y', 'b'];
      return { kind: `file for ${where}`, argv };
    });
  const shape = fc
    .constantFrom(...ids)
    .chain((id) =>
      fc.constantFrom<HostileArgv>(
        { kind: `${id} unknown flag`, argv: [...(BASE[id] as string[]), '--no-such-flag', '1'] },
        { kind: `${id} missing value`, argv: [...(BASE[id] as string[]).filter((a) => a !== '--json'), '--gpus'] },
        { kind: `${id} stray argument`, argv: [...(BASE[id] as string[]), 'stray'] },
        { kind: `${id} empty`, argv: [(BASE[id] as string[])[0] as string] },
      ),
    );
  return fc.oneof({ weight: 6, arbitrary: oneFlag }, { weight: 2, arbitrary: twoFlags }, { weight: 2, arbitrary: file }, { weight: 1, arbitrary: shape });
}

/**
 * What a refusal must name: the option (`option --tp`, commander's `'--tp <n>'`), a field (`scaleUp.domainSize:`,
 * `args.tp:`), the value it could not use (`unknown system 'x'`), or the file (`x.yaml:3:1`, `x.jsonl:2:`, `x.yaml: `).
 */
export const NAMES_WHAT =
  /option '?--[a-z][a-z-]*|unknown option '--|too many arguments|missing required argument '[a-z]+'|[A-Za-z.\d]+:\d+:\d+|[^\s:]+:\d+[.:]|file '[^']*'|'[^']+' is |unknown [a-z ]+ '[^']*'|^error: [^\s:]+: /m;
