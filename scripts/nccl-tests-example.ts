/** The example nccl-tests log `supernode calibrate` runs on in the docs: Azure's published ND H100 v5 all-reduce sweep (validation/cases.json coll-azure-NDH100v5-ar-curve), written as nccl-tests prints a run. */

import { readFileSync } from 'node:fs';
import { formatNcclTests, type PublishedCase } from '@supernode/core';

const CASE = 'coll-azure-NDH100v5-ar-curve';
const UNITS: Readonly<Record<string, number>> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };

/** The case's busbw per size as times (busbw = S / t x 2 (n - 1) / n on 8 ranks), in nccl-tests' text. */
export function ncclTestsExample(): string {
  const cases = JSON.parse(readFileSync('validation/cases.json', 'utf8')) as PublishedCase[] | { cases: PublishedCase[] };
  const c = (Array.isArray(cases) ? cases : cases.cases).find((x) => x.id === CASE);
  if (!c || typeof c.value !== 'object' || c.value === null) throw new Error(`validation/cases.json has no ${CASE} sweep`);
  const sizes = Object.entries(c.value as Record<string, number>).map(([key, busbw]) => {
    const m = /^(\d+)([KMG])/.exec(key);
    if (!m) throw new Error(`${CASE}: size ${key} is not <n>K, <n>M or <n>G`);
    const bytes = Number(m[1]) * (UNITS[m[2] as string] as number);
    return { bytes, seconds: (bytes * 1.75) / (busbw * 1e9) };
  });
  const source = `# Reconstructed by scripts/nccl-tests-example.ts from the published busbw per size of ${c.source}: nccl-tests ${
    (c.conditions as { nccl?: string }).nccl ?? ''
  }, 8 GPUs, in place (the same figures in both columns)`;
  return `${source}\n${formatNcclTests({ op: 'allreduce', ranks: 8, gpusPerHost: 8, device: 'NVIDIA H100 80GB HBM3', sizes })}`;
}
