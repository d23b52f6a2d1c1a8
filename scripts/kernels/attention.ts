/** The attention mechanisms of the calibration script: decode and prefill attention rows (GQA and MLA) against the serving model's attention time, roofline alone and with the measured kernels' floor and ramp. */

import { ATTENTION_KERNELS, type AttentionKernels, type MlaDecodeKernel, ROOFLINE_ATTENTION } from '../../packages/core/src/compute/attention-kernels.js';
import { generationOf } from '../../packages/core/src/hardware/generations.js';
import { gpus } from '../../packages/core/src/hardware/gpus.js';
import { models } from '../../packages/core/src/models/registry.js';
import type { TransformerModel } from '../../packages/core/src/models/types.js';
import { attentionTime } from '../../packages/core/src/serving/layer-ops.js';
import type { ReplicaShape, StepLoad } from '../../packages/core/src/serving/step-cost.js';
import { type Comparison, median } from './report.js';
import { type Row, readTable, TABLE_GPUS } from './tables.js';

type Phase = 'decode' | 'prefill';
interface AttentionRow {
  readonly row: Row;
  readonly gpuId: string;
  readonly folder: string;
  readonly phase: Phase;
  readonly mla: boolean;
  readonly measuredS: number;
}

/** A model with the row's heads (the table's heads are one GPU's), MLA from DeepSeek-V3 or GQA from Llama-3-8B. */
function rowModel(r: Row, mla: boolean): TransformerModel {
  if (mla) return { ...models.get('deepseek-v3'), heads: Number(r.num_heads) };
  const base = models.get('llama3-8b');
  return { ...base, attention: 'gqa', heads: Number(r.num_heads), kvHeads: Number(r.num_key_value_heads), headDim: Number(r.head_dim) } as TransformerModel;
}

/** A decode row: batch_size requests at a context of step + isl tokens; a prefill row: batch_size whole causal prompts of isl. */
function rowLoad(r: Row, phase: Phase): StepLoad {
  const b = Number(r.batch_size);
  const s = Number(r.isl);
  if (phase === 'decode') return { decodes: b, decodeKvTokens: b * (Number(r.step) + s), prefillTokens: 0, prefillPairs: 0, sampled: b };
  return { decodes: 0, decodeKvTokens: 0, prefillTokens: b * s, prefillPairs: (b * s * (s + 1)) / 2, sampled: b };
}

export function predictAttention(a: AttentionRow, kernels: AttentionKernels): number {
  const kv = a.row.kv_cache_dtype === 'fp8' ? 1 : 2;
  const shape: ReplicaShape = { tp: 1, dpAttention: 1, ep: 1, precision: 'bf16', kvBytesPerElement: kv };
  return attentionTime(rowModel(a.row, a.mla), shape, rowLoad(a.row, a.phase), gpus.get(a.gpuId), kernels);
}

const decodeBucket = (tokens: number) =>
  tokens <= 4096 ? 'b x ctx <= 4K' : tokens <= 65_536 ? 'b x ctx 4K-64K' : tokens <= 1 << 20 ? 'b x ctx 64K-1M' : 'b x ctx > 1M';
const prefillBucket = (s: number) => (s <= 512 ? 'isl <= 512' : s <= 2048 ? 'isl 513-2048' : s <= 8192 ? 'isl 2049-8192' : 'isl > 8192');

function bucket(a: AttentionRow): string {
  const kind = a.mla ? 'MLA' : 'GQA';
  if (a.phase === 'decode') return `${kind} decode ${decodeBucket(Number(a.row.batch_size) * (Number(a.row.step) + Number(a.row.isl)))}`;
  return `${kind} prefill ${prefillBucket(Number(a.row.isl))}`;
}

/** The rows held against the model: full attention (no window), BF16 attention, single-token steps for decode, no cached prefix for prefill, heads a GPU holds in serving (>= 8). */
async function attentionRows(): Promise<AttentionRow[]> {
  const rows: AttentionRow[] = [];
  for (const [folder, gpuId] of Object.entries(TABLE_GPUS)) {
    const tables = [
      ['generationAttention', 'decode', false],
      ['contextAttention', 'prefill', false],
      ['generationMla', 'decode', true],
      ['contextMla', 'prefill', true],
    ] as const;
    for (const [table, phase, mla] of tables) {
      for (const row of await readTable(folder, table)) {
        if (Number(row.window_size ?? 0) !== 0 || Number(row.num_heads) < 8) continue;
        if (phase === 'prefill' && (Number(row.step) !== 0 || Number(row.isl) < 16)) continue;
        if (!mla && Number(row.head_dim) > 128) continue;
        rows.push({ row, gpuId, folder, phase, mla, measuredS: Number(row.latency) * 1e-3 });
      }
    }
  }
  return rows;
}

/**
 * decodeFloorS per generation and kind: the median of measured minus the roofline over decode rows reading at most
 * 4,096 KV tokens in all; prefillFloorS per generation: the same over prefill rows of at most 64 tokens in all;
 * prefillKeysHalf per kind: with those floors, the grid half-point whose median log error over that kind's prefill rows
 * of 513 to 8,192 tokens (where the ramp acts and the floor is small) is nearest zero.
 */
function fitAttention(rows: readonly AttentionRow[]): string[] {
  const lines: string[] = [];
  const tokens = (a: AttentionRow) => Number(a.row.batch_size) * (Number(a.row.step) + Number(a.row.isl));
  const prefillFloorS = { hopper: 0, blackwell: 0 };
  for (const generation of ['hopper', 'blackwell'] as const) {
    const of = rows.filter((a) => generationOf(a.gpuId) === generation);
    for (const mla of [false, true]) {
      const small = of.filter((a) => a.mla === mla && a.phase === 'decode' && tokens(a) <= 4096);
      const floor = median(small.map((a) => a.measuredS - predictAttention(a, ROOFLINE_ATTENTION)));
      lines.push(
        `${generation} ${mla ? 'MLA' : 'GQA'} decode floor: ${(floor * 1e6).toFixed(1)} us (median of measured - roofline over ${small.length} rows with b x ctx <= 4096)`,
      );
    }
    const tiny = of.filter((a) => a.phase === 'prefill' && tokens(a) <= 64);
    prefillFloorS[generation] = median(tiny.map((a) => a.measuredS - predictAttention(a, ROOFLINE_ATTENTION)));
    lines.push(
      `${generation} prefill floor: ${(prefillFloorS[generation] * 1e6).toFixed(1)} us (median of measured - roofline over ${tiny.length} rows with b x isl <= 64)`,
    );
  }
  const prefillKeysHalf = { gqa: 0, mla: 0 };
  for (const mla of [false, true]) {
    const kind = mla ? 'mla' : 'gqa';
    const ramped = rows.filter((a) => a.mla === mla && a.phase === 'prefill' && Number(a.row.isl) > 512 && Number(a.row.isl) <= 8192);
    let best = { half: 0, error: Number.POSITIVE_INFINITY };
    for (const half of [0, 64, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072]) {
      const kernels = { ...ROOFLINE_ATTENTION, prefillFloorS, prefillKeysHalf: { ...prefillKeysHalf, [kind]: half } };
      const error = Math.abs(median(ramped.map((a) => Math.log(predictAttention(a, kernels) / a.measuredS))));
      if (error < best.error) best = { half, error };
    }
    prefillKeysHalf[kind] = best.half;
    lines.push(
      `${kind} prefill keys half-point: ${best.half} (median log error ${best.error.toFixed(3)} over ${ramped.length} prefill rows of isl 513-8192, all GPUs)`,
    );
  }
  return [...lines, ...fitMlaDecode(rows)];
}

/**
 * The MLA decode kernel per generation (compute/attention-kernels.ts MlaDecodeKernel), on decode rows of b x ctx >= 16K
 * with the coded floors: for each head tile of 64 and 128 and each KV format, the utilization (0.30-1.40 in 0.01) and
 * context half-point of least median |log error| over the 128-head rows; the tile whose fit explains the 8-64-head
 * rows best.
 */
function fitMlaDecode(rows: readonly AttentionRow[]): string[] {
  const lines: string[] = [];
  const logError = (of: readonly AttentionRow[], kernels: AttentionKernels) =>
    median(of.map((a) => Math.abs(Math.log(predictAttention(a, kernels) / a.measuredS))));
  for (const generation of ['hopper', 'blackwell'] as const) {
    const decode = rows.filter(
      (a) => a.mla && a.phase === 'decode' && generationOf(a.gpuId) === generation && Number(a.row.batch_size) * (Number(a.row.step) + 1) >= 16_384,
    );
    const fits = [64, 128].map((headTile) => {
      const utilization = { bf16: 0, fp8: 0 };
      const contextHalf = { bf16: 0, fp8: 0 };
      const kernel: MlaDecodeKernel = { headTile, utilization, contextHalf };
      const with_ = (k: MlaDecodeKernel): AttentionKernels => ({ ...ATTENTION_KERNELS, mlaDecode: { [generation]: k } });
      const detail: string[] = [];
      for (const kv of ['bf16', 'fp8'] as const) {
        const full = decode.filter((a) => Number(a.row.num_heads) === 128 && (a.row.kv_cache_dtype === 'fp8') === (kv === 'fp8'));
        let best = { utilization: 0, half: 0, error: Number.POSITIVE_INFINITY };
        for (let step = 30; step <= 140; step++) {
          for (const half of [0, 64, 128, 192, 256, 384, 512, 768, 1024]) {
            const trial = { ...kernel, utilization: { ...kernel.utilization, [kv]: step / 100 }, contextHalf: { ...kernel.contextHalf, [kv]: half } };
            const error = logError(full, with_(trial));
            if (error < best.error) best = { utilization: step / 100, half, error };
          }
        }
        utilization[kv] = best.utilization;
        contextHalf[kv] = best.half;
        detail.push(`${kv} ${best.utilization.toFixed(2)} at ${best.half} (${best.error.toFixed(3)} over ${full.length} rows)`);
      }
      const narrow = decode.filter((a) => Number(a.row.num_heads) < 128);
      return { headTile, detail, error: logError(narrow, with_(kernel)), narrow: narrow.length };
    });
    const best = fits.reduce((a, b) => (b.error < a.error ? b : a));
    lines.push(
      `${generation} MLA decode: head tile ${best.headTile} (median log error over ${best.narrow} rows of 8-64 heads: ${fits.map((f) => `${f.headTile}: ${f.error.toFixed(3)}`).join(', ')}); utilization at context half-point ${best.detail.join(', ')}`,
    );
  }
  return lines;
}

export async function attentionComparisons(): Promise<{ comparisons: Comparison[]; fit: string[] }> {
  const rows = await attentionRows();
  const comparisons = rows.map((a) => ({
    gpu: a.folder,
    bucket: bucket(a),
    measuredS: a.measuredS,
    beforeS: predictAttention(a, ROOFLINE_ATTENTION),
    afterS: predictAttention(a, ATTENTION_KERNELS),
  }));
  return { comparisons: comparisons.sort((a, b) => (a.gpu + a.bucket < b.gpu + b.bucket ? -1 : 1)), fit: fitAttention(rows) };
}
