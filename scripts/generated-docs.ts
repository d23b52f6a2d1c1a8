/** The documents and example files generated from the project's own output, and how each is made: one list that `npm run docs` writes and a test compares. */

import { readFileSync } from 'node:fs';
import { main } from '@supernode/cli';
import { aicbExample, chakraExample } from './aicb-example.js';
import { mooncakeTrace } from './mooncake-trace.js';
import { ncclTestsExample } from './nccl-tests-example.js';
import { cliReference, scenarioReference } from './reference.js';
import { spliceStudies } from './studies/render.js';
import { readStudy, studyFiles } from './studies/study-file.js';
import { presetTopologySvg } from './topology-svg.js';

/** Runs the CLI in this process and returns what it printed; a non-zero exit is an error carrying its message. */
export async function cliOutput(argv: readonly string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  if (code !== 0) throw new Error(`supernode ${argv.join(' ')} exited ${code}: ${err.join('\n')}`);
  return out.join('\n');
}

export interface GeneratedDoc {
  /** Path from the repository root. */
  readonly file: string;
  /** The whole text the file should hold (bytes for a binary file: a Chakra trace). */
  readonly text: () => Promise<string | Uint8Array>;
}

export const generatedDocs: readonly GeneratedDoc[] = [
  // The README's picture: four AL128 supernodes as the web UI groups them.
  { file: 'docs/images/al128-topology.svg', text: async () => presetTopologySvg('al128', 512) },
  { file: 'docs/accuracy.md', text: async () => `${await cliOutput(['validate', '--markdown', '--plans'])}\n` },
  { file: 'docs/cli.md', text: async () => cliReference() },
  { file: 'docs/scenario-reference.md', text: async () => scenarioReference() },
  // The prose is kept by hand; each study's block (its commands and tables) comes from its file's expected figures.
  { file: 'docs/studies.md', text: async () => spliceStudies(readFileSync('docs/studies.md', 'utf8'), studyFiles().map(readStudy)) },
  // The example trace the docs' `serve --trace` runs: drawn by core's workload generator from a fixed seed.
  { file: 'examples/mooncake-trace.jsonl', text: async () => mooncakeTrace() },
  // The nccl-tests log the docs' `calibrate` runs on: a published sweep of the validation data, as nccl-tests prints it.
  { file: 'examples/nccl-tests/azure-nd-h100-v5-all-reduce.log', text: async () => ncclTestsExample() },
  // The SimAI/AICB workload the docs' `workload` runs: GPT-3 20B on 64 H100s as supernode's AICB export writes it.
  { file: 'examples/workloads/gpt3-20b-64xh100.aicb.txt', text: async () => aicbExample() },
  // The Chakra traces the docs' `workload` replays: a 16-GPU step as `train --chakra` writes it, one file a rank.
  ...chakraExample().map(({ file, bytes }) => ({ file, text: async () => bytes })),
];
