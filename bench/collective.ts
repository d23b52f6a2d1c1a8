/** Benchmark cases of the collective model, one per process so peak memory is the case's own. */

import { performance } from 'node:perf_hooks';
import { buildSystem, CollectiveSession, models, parseGroup, runCollective, systemPresets, systemSchema, train } from '@supernode/core';

// Run one case against the built core (npm run build first): node --import tsx bench/collective.ts <case>

const build = (preset: string, gpus?: number) => buildSystem(systemSchema.parse(systemPresets.get(preset).input), gpus === undefined ? {} : { gpus });

const CASES: Record<string, () => Record<string, unknown>> = {
  /** 128-GPU ring all-reduce of 1 GiB on one AL128 supernode, flow fidelity: first (cold, JIT warm-up) and best of 5 warm runs. */
  'ring-al128': () => {
    const session = new CollectiveSession(build('al128'));
    session.topoFor('ecmp');
    const group = parseGroup('all', 128);
    const once = () => {
      const t0 = performance.now();
      const r = runCollective(session, { op: 'allreduce', group, bytes: 2 ** 30, algorithm: 'ring', fidelity: 'flow' });
      return { ms: performance.now() - t0, r };
    };
    const cold = once();
    const warm = Math.min(...Array.from({ length: 5 }, () => once().ms));
    return { wallMs: warm, coldMs: cold.ms, busbwGBps: cold.r.busbwGBps, ...cold.r.execution?.stats };
  },
  /** 1,024-GPU all-to-all, 1 GiB per rank, across 8 AL128 supernodes: about a million flows. */
  'alltoall-8xal128': () => {
    const t0 = performance.now();
    const session = new CollectiveSession(build('al128', 1024));
    const r = runCollective(session, { op: 'alltoall', group: parseGroup('all', 1024), bytes: 2 ** 30, algorithm: 'direct', fidelity: 'flow' });
    return { wallMs: performance.now() - t0, busbwGBps: r.busbwGBps, ...r.execution?.stats };
  },
  /** 16,384-GPU hierarchical all-reduce of 1 GiB on hgx-h100 (2,048 servers, 3-tier Clos), flow fidelity. */
  'hierarchical-16k': () => {
    const t0 = performance.now();
    const session = new CollectiveSession(build('hgx-h100', 16384));
    const r = runCollective(session, { op: 'allreduce', group: parseGroup('all', 16384), bytes: 2 ** 30, algorithm: 'hierarchical', fidelity: 'flow' });
    return { wallMs: performance.now() - t0, busbwGBps: r.busbwGBps, ...r.execution?.stats };
  },
  /** The analytical fast path: mean wall time of one call (16,384-GPU hierarchical all-reduce). */
  analytical: () => {
    const session = new CollectiveSession(build('hgx-h100', 16384));
    const group = parseGroup('all', 16384);
    const calls = 200;
    const t0 = performance.now();
    let busbw = 0;
    for (let i = 0; i < calls; i++)
      busbw = runCollective(session, { op: 'allreduce', group, bytes: 2 ** (10 + (i % 24)), algorithm: 'auto', fidelity: 'analytical' }).busbwGBps;
    return { wallMs: (performance.now() - t0) / calls, calls, lastBusbwGBps: busbw };
  },
};

/** Llama-3.1-405B on 16,384 H100: TP 8, PP 16, DP 128, sequence 8192, 2,048 sequences = 16M tokens per batch. */
function train405b(fidelity: 'flow' | 'analytical'): Record<string, unknown> {
  const t0 = performance.now();
  const system = build('hgx-h100', 16384);
  const r = train(system, models.get('llama3.1-405b'), { tp: 8, pp: 16, mbs: 1, gbs: 2048, seq: 8192, recompute: 'full' }, { fidelity, allowOom: true });
  return { wallMs: performance.now() - t0, iterationTimeS: r.iterationTimeS, mfu: r.mfu, modelTflopsPerGpu: r.modelTflopsPerGpu };
}

CASES['train-405b-16k-analytical'] = () => train405b('analytical');
CASES['train-405b-16k-flow'] = () => train405b('flow');

const name = process.argv[2] ?? '';
const run = CASES[name];
if (!run) {
  process.stderr.write(`unknown case '${name}'; expected one of ${Object.keys(CASES).join(', ')}\n`);
  process.exit(2);
}
const result = run();
process.stdout.write(`${JSON.stringify({ case: name, ...result, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
