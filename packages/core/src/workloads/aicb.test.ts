/** SimAI/AICB workloads: read with errors by line, run as SimAI's loop runs them, and written from a supernode plan. */

import { describe, expect, it } from 'vitest';
import { CollectiveSession, runCollective } from '../comm/run.js';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { resolvePlan } from '../training/plan.js';
import { train } from '../training/train.js';
import { parseAicbWorkload, WorkloadError } from './aicb.js';
import { aicbWorkloadOf } from './aicb-export.js';
import { runAicbWorkload } from './run-aicb.js';

const HEADER = 'HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: 8 ep: 1 pp: 1 vpp: 1 ga: 1 all_gpus: 16 checkpoints: 0 checkpoint_initiates: 0';

/** Two layers: a tensor-parallel all-gather forward (1 ms compute), and a data-parallel all-reduce of the gradients. */
const TWO_LAYERS = [
  HEADER,
  '2',
  'grad_allreduce -1 1 NONE 0 1 NONE 0 1 ALLREDUCE 1073741824 100',
  'attention_layer -1 1000000 ALLGATHER 33554432 2000000 REDUCESCATTER 33554432 500000 NONE 0 100',
].join('\n');

function refusal(text: string): string {
  try {
    parseAicbWorkload(text, 'w.txt');
  } catch (error) {
    if (error instanceof WorkloadError) return error.message;
    throw error;
  }
  throw new Error('expected a WorkloadError');
}

describe('parseAicbWorkload', () => {
  it("reads the header's plan and each layer's compute, collectives and their groups as SimAI does", () => {
    const w = parseAicbWorkload(TWO_LAYERS, 'w.txt');
    expect([w.tp, w.ep, w.pp, w.ga, w.gpus, w.layers.length]).toEqual([8, 1, 1, 1, 16, 2]);
    const [grads, attention] = w.layers;
    expect(grads?.weightGrad.comm).toEqual({ op: 'allreduce', group: 'dp', bytes: 2 ** 30 });
    expect(attention?.forward).toEqual({ computeS: 1e-3, comm: { op: 'allgather', group: 'tp', bytes: 2 ** 25 } });
    expect(attention?.inputGrad.comm?.group).toBe('tp');
    expect(attention?.weightGrad.comm).toBeUndefined();
    const ep = parseAicbWorkload(TWO_LAYERS.replace('ALLGATHER', 'ALLTOALL_EP').replace('ep: 1', 'ep: 2'), 'w.txt');
    expect(ep.layers[1]?.forward.comm).toEqual({ op: 'alltoall', group: 'ep', bytes: 2 ** 25 });
  });

  it('refuses what is not a workload by line: header, plan, count, fields, collective, truncation', () => {
    expect(refusal('Step 1 loss 2.3\n')).toMatch(/^w\.txt:1: expected a SimAI\/AICB workload header/);
    expect(refusal(TWO_LAYERS.replace('all_gpus: 16', 'all_gpus: 12'))).toMatch(
      /^w\.txt:1: all_gpus 12 is not a multiple of model_parallel_NPU_group 8 x pp 1/,
    );
    expect(refusal(TWO_LAYERS.replace('\n2\n', '\ntwo\n'))).toMatch(/^w\.txt:2: expected the number of layer lines/);
    expect(refusal(TWO_LAYERS.replace(' 500000 NONE 0 100', ' 500000 NONE 0'))).toMatch(/^w\.txt:4: 11 fields; a layer line has 12/);
    expect(refusal(TWO_LAYERS.replace('ALLGATHER', 'BROADCAST'))).toMatch(/^w\.txt:4: 'BROADCAST' is not a collective this reads/);
    expect(refusal(TWO_LAYERS.replace('\n2\n', '\n3\n'))).toMatch(/^w\.txt:4: the header promises 3 layer lines and the file holds 2: truncated\?/);
  });
});

describe('runAicbWorkload', () => {
  it("runs SimAI's loop: forward and input-gradient collectives wait, the last weight gradients' tail is exposed", () => {
    const system = buildPreset('hgx-h100', {}, 16);
    const r = runAicbWorkload(system, parseAicbWorkload(TWO_LAYERS, 'w.txt'));
    const session = new CollectiveSession(system);
    const tp = [0, 1, 2, 3, 4, 5, 6, 7];
    const price = (op: 'allgather' | 'reducescatter' | 'allreduce', group: number[], bytes: number) =>
      runCollective(session, { op, group, bytes, algorithm: 'auto', fidelity: 'analytical', launch: false }).timeUs * 1e-6;
    const gather = price('allgather', tp, 2 ** 25);
    const scatter = price('reducescatter', tp, 2 ** 25);
    const allReduce = price('allreduce', [0, 8], 2 ** 30);
    // Forward 1 ms + gather; backward from the last line: 2 ms + scatter + 0.5 ms, then the gradient line's 2 ns and
    // its all-reduce, all of it after the backward.
    expect(r.computeS).toBeCloseTo(3.5e-3 + 3e-9, 12);
    expect(r.exposedCommS.tp).toBeCloseTo(gather + scatter, 12);
    expect(r.exposedCommS.dp).toBeCloseTo(allReduce, 12);
    expect(r.stepTimeS).toBeCloseTo(r.computeS + gather + scatter + allReduce, 12);
  });

  it('a plan exported as a workload runs within 10% of the same plan in train, and faster on a one-domain system', () => {
    const h100 = buildPreset('hgx-h100', {}, 64);
    const model = models.get('gpt3-20b');
    const input = { tp: 8, pp: 1, zero: 1 as const, mbs: 1, gbs: 32, seq: 2048 };
    const w = parseAicbWorkload(aicbWorkloadOf(h100, model, resolvePlan(model, h100, input)), 'gpt.txt');
    expect([w.tp, w.ga, w.gpus, w.layers.length]).toEqual([8, 4, 64, 2 + 4 * 2 * model.layers]);
    const replayed = runAicbWorkload(h100, w).stepTimeS;
    const native = train(h100, model, input).iterationTimeS;
    expect(Math.abs(replayed / native - 1)).toBeLessThan(0.1);
    expect(runAicbWorkload(buildPreset('al128', {}, 128), w).stepTimeS).toBeLessThan(replayed);
  });

  it('refuses a workload larger than the system, and an MoE model to export', () => {
    const w = parseAicbWorkload(TWO_LAYERS, 'w.txt');
    expect(() => runAicbWorkload(buildPreset('hgx-h100', {}, 8), w)).toThrow(/the workload runs on 16 GPUs \(all_gpus\); the system has 8/);
    const system = buildPreset('hgx-h100', {}, 64);
    const moe = models.get('mixtral-8x22b');
    expect(() => aicbWorkloadOf(system, moe, resolvePlan(moe, system, { tp: 8, pp: 1, ep: 8, mbs: 1, gbs: 64, seq: 4096 }))).toThrow(/mixture of experts/);
  });
});
