/**
 * A supernode training plan written as a SimAI/AICB workload: one stage's layers for every micro-batch, each as an
 * attention and an MLP line with the model's compute times and their tensor-parallel collectives, and the
 * data-parallel gradient collectives, so SimAI (or `supernode workload`) can replay what supernode priced.
 */

import { ArgumentError } from '../base/errors.js';
import type { TransformerModel } from '../models/types.js';
import type { System } from '../system/system.js';
import { layerTimes } from '../training/layer-time.js';
import { parametersPerGpu } from '../training/memory.js';
import type { ParallelPlan } from '../training/plan.js';

/** A line's compute time as the file carries it: whole ns, at least 1 (SimAI reads 0 as no wait). */
const ns = (s: number) => Math.max(1, Math.round(s * 1e9));

/**
 * The workload text of a resolved `plan` on `system` for a dense model: ga = the plan's micro-batches, each of the first stage's
 * layers twice (attention, then MLP: half the layer's compute each, one tensor-parallel collective each: an all-gather
 * forward and a reduce-scatter backward with sequence parallelism, else an all-reduce both ways, of the micro-batch's
 * activations), and two gradient lines first (processed last): ZeRO's reduce-scatter of the gradients and all-gather of
 * the weights over data parallelism, or one all-reduce without ZeRO.
 * Example: Llama-3-8B on 64 H100s, TP 8, mbs 1, gbs 64 at 8K: 8 micro-batches x 32 layers x 2 lines + 2.
 */
export function aicbWorkloadOf(system: System, model: TransformerModel, plan: ParallelPlan): string {
  if (model.family !== 'dense') throw new ArgumentError('model', `${model.id} is a mixture of experts; the AICB export writes dense models only`);
  if (plan.cp > 1) throw new ArgumentError('cp', 'context parallelism has no SimAI group: the AICB export writes CP 1 only');
  const times = layerTimes(model, plan, system.spec.gpu, false);
  const activation = ((plan.mbs * plan.seq) / plan.cp) * model.hidden * 2;
  const [forwardComm, backwardComm] = plan.tp === 1 ? ['NONE', 'NONE'] : plan.sequenceParallel ? ['ALLGATHER', 'REDUCESCATTER'] : ['ALLREDUCE', 'ALLREDUCE'];
  const tpBytes = plan.tp === 1 ? 0 : activation;
  const half = (s: number) => ns(s / 2);
  const layer = (name: string) =>
    [
      name,
      -1,
      half(times.forwardS),
      forwardComm,
      tpBytes,
      half(times.backwardS - times.weightGradS + times.recomputeS),
      backwardComm,
      tpBytes,
      half(times.weightGradS),
      'NONE',
      0,
      100,
    ].join('\t');
  const params = parametersPerGpu(model, plan);
  const weights = params.dense + params.experts;
  const gradients =
    plan.dp === 1
      ? []
      : plan.zero >= 1
        ? [
            ['grad_gather', -1, 1, 'NONE', 0, 1, 'NONE', 0, 1, 'ALLGATHER', Math.round(weights * 2), 100].join('\t'),
            ['grad_param_comm', -1, 1, 'NONE', 0, 1, 'NONE', 0, 1, 'REDUCESCATTER', Math.round(weights * plan.gradientBytes), 100].join('\t'),
          ]
        : [['grad_allreduce', -1, 1, 'NONE', 0, 1, 'NONE', 0, 1, 'ALLREDUCE', Math.round(weights * plan.gradientBytes), 100].join('\t')];
  const stageLayers = plan.stageLayers[0] ?? 0;
  const body: string[] = [];
  for (let m = 0; m < plan.microbatches; m++) {
    for (let l = 0; l < stageLayers; l++) body.push(layer('attention_layer'), layer('mlp_layer'));
  }
  const ppComm = plan.pp > 1 ? ` pp_comm ${Math.round(activation / (plan.sequenceParallel ? plan.tp : 1))}` : '';
  const header =
    `HYBRID_TRANSFORMER_FWD_IN_BCKWD model_parallel_NPU_group: ${plan.tp} ep: 1 pp: ${plan.pp} vpp: ${plan.vpp} ga: ${plan.microbatches} ` +
    `all_gpus: ${plan.gpus} checkpoints: 0 checkpoint_initiates: 0${ppComm}`;
  const lines = [...gradients, ...body];
  return `${header}\n${lines.length}\n${lines.join('\n')}\n`;
}
