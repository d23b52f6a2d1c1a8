/** Runs a study's commands through the CLI's own entry, in this process, and compares their figures with the expected ones. */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@supernode/cli';
import { type Figure, keepFigures } from './paths.js';
import { type Study, type StudyCommand, shellWords } from './study-file.js';

/** The arguments after `supernode`, with `{scratch}` replaced by the given folder. */
export function commandArgs(c: StudyCommand, scratch: string): string[] {
  return shellWords(c.run)
    .slice(1)
    .map((w) => w.replaceAll('{scratch}', scratch));
}

async function runOne(c: StudyCommand, scratch: string): Promise<unknown> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(commandArgs(c, scratch), { out: (t) => out.push(t), err: (t) => err.push(t) });
  if (code !== 0) throw new Error(`${c.id}: '${c.run}' exited ${code}: ${err.join('\n')}`);
  try {
    return JSON.parse(out.join('\n'));
  } catch {
    throw new Error(`${c.id}: '${c.run}' did not print JSON (add --json): ${out.join('\n').slice(0, 200)}`);
  }
}

/** Runs every command in order (later ones may read what earlier ones wrote under `{scratch}`) and keeps their figures, `<id>.<path>`. */
export async function runStudy(study: Study): Promise<Map<string, Figure>> {
  if (!existsSync('studies') || !existsSync('scenarios')) throw new Error('studies run from the repository root: their commands name scenarios/ and examples/');
  const scratch = mkdtempSync(join(tmpdir(), `supernode-study-${study.name}-`));
  try {
    const figures = new Map<string, Figure>();
    for (const c of study.commands) {
      for (const [path, v] of keepFigures(await runOne(c, scratch), c.keep)) figures.set(`${c.id}.${path}`, v);
    }
    return figures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface Difference {
  readonly figure: string;
  readonly expected: Figure | undefined;
  readonly actual: Figure | undefined;
}

/** True where two numbers differ by at most `tolerance` of the larger magnitude (so 0 equals only 0). */
export function withinTolerance(expected: number, actual: number, tolerance: number): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(expected), Math.abs(actual));
}

/** The figures that differ: numbers beyond the tolerance, anything else not equal, and figures only one side has. */
export function differences(expected: ReadonlyMap<string, Figure>, actual: ReadonlyMap<string, Figure>, tolerance: number): Difference[] {
  const out: Difference[] = [];
  for (const figure of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(figure);
    const a = actual.get(figure);
    const same =
      typeof e === 'number' && typeof a === 'number'
        ? withinTolerance(e, a, tolerance)
        : e !== undefined && a !== undefined && JSON.stringify(e) === JSON.stringify(a);
    if (!same) out.push({ figure, expected: e, actual: a });
  }
  return out;
}
