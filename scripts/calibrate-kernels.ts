/** Holds the kernel model's per-op predictions against measured kernel tables (../shared/kernels/) and prints per-mechanism error tables before and after its kernel mechanisms, with the figures its named constants were fitted on; run from the repository root. */

import { attentionComparisons } from './kernels/attention.js';
import { allReduceComparisons, deepEpComparisons, ncclComparisons } from './kernels/comm.js';
import { gemmComparisons } from './kernels/gemm.js';
import { minLatencyMoeComparisons } from './kernels/min-latency-moe.js';
import { fitDeepGemm, moeComparisons } from './kernels/moe.js';
import { errorTable } from './kernels/report.js';
import { TABLES_ROOT, tablesPresent } from './kernels/tables.js';

if (!tablesPresent()) {
  process.stdout.write(`no kernel tables at ${TABLES_ROOT} (shared/kernels/aiconfigurator beside the repository); nothing to calibrate\n`);
  process.exit(0);
}

const only = process.argv[2];
const out: string[] = [`# Kernel calibration against ${TABLES_ROOT}\n`];
if (!only || only === 'gemm') {
  const gemm = await gemmComparisons('mamf-saturating', 'measured-kernels');
  out.push(errorTable('GEMM (gemm_perf)', gemm.comparisons), gemm.fit.map((f) => `- ${f}`).join('\n'), '');
}
if (!only || only === 'moe') {
  const moe = await moeComparisons();
  out.push(errorTable('Fused MoE modules (moe_perf: fp8_block, EP or TP alone, balanced)', moe.comparisons), moe.fit.map((f) => `- ${f}`).join('\n'), '');
  const deepGemm = fitDeepGemm();
  out.push(
    errorTable('DeepGEMM grouped GEMMs (published H800 rates; time as 1 / rate)', deepGemm.comparisons),
    deepGemm.fit.map((f) => `- ${f}`).join('\n'),
    '',
  );
}
if (!only || only === 'moe-min-latency') {
  const minLatency = await minLatencyMoeComparisons();
  out.push(
    errorTable(
      "Min-latency MoE backend (moe_perf: TRTLLM-gen, nvfp4, balanced; before: the CUTLASS module's price, after: compute/min-latency-moe.ts)",
      minLatency.comparisons,
    ),
    minLatency.fit.map((f) => `- ${f}`).join('\n'),
    '',
  );
}
if (!only || only === 'attention') {
  const attention = await attentionComparisons();
  out.push(errorTable('Attention (generation/context attention and MLA)', attention.comparisons), attention.fit.map((f) => `- ${f}`).join('\n'), '');
}
if (!only || only === 'allreduce') {
  const allReduce = await allReduceComparisons();
  out.push(
    errorTable('Tensor-parallel all-reduce (custom_allreduce_perf; before: NCCL model, after: custom kernel or NCCL, the faster)', allReduce.comparisons),
    allReduce.fit.map((f) => `- ${f}`).join('\n'),
    '',
  );
}
if (!only || only === 'nccl') {
  const nccl = await ncclComparisons();
  out.push(errorTable('NCCL collectives inside one node (nccl_perf; the model as it stands)', nccl.comparisons), nccl.fit.map((f) => `- ${f}`).join('\n'), '');
}
if (!only || only === 'deepep') {
  const deepEp = await deepEpComparisons();
  out.push(
    errorTable('DeepEP dispatch and combine, one node (wideep_deepep_{ll,normal}_perf; before: NCCL all-to-all model)', deepEp.comparisons),
    deepEp.fit.map((f) => `- ${f}`).join('\n'),
    '',
  );
}
process.stdout.write(`${out.join('\n')}\n`);
