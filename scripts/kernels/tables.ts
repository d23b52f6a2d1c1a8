/** Reads the measured kernel tables in ../shared/kernels/aiconfigurator/ (Parquet, ZSTD) for the calibration script; says when they are absent. */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

/** Where the tables live when the shared folder sits beside the repository (run from the repository root). */
export const TABLES_ROOT = join('..', 'shared', 'kernels', 'aiconfigurator');

/** The tables' GPU folders and the catalogue's GPU ids they measure. */
export const TABLE_GPUS: Readonly<Record<string, string>> = {
  h100_sxm: 'h100-sxm',
  h200_sxm: 'h200',
  b200_sxm: 'b200',
  gb200: 'gb200',
  b300_sxm: 'b300',
  gb300: 'gb300',
};

/** The table files, relative to a GPU folder (one release per framework, as the tables' README lists them). */
export const TABLES = {
  gemm: 'gemm/trtllm/1.3.0rc20/gemm_perf',
  moe: 'moe/trtllm/1.3.0rc20/moe_perf',
  contextAttention: 'attention/trtllm/1.3.0rc20/context_attention_perf',
  generationAttention: 'attention/trtllm/1.3.0rc20/generation_attention_perf',
  contextMla: 'mla/trtllm/1.3.0rc20/context_mla_perf',
  generationMla: 'mla/trtllm/1.3.0rc20/generation_mla_perf',
  customAllReduce: 'comm/trtllm/1.3.0rc20/custom_allreduce_perf',
  nccl: 'comm/nccl/2.29.2/nccl_perf',
  deepepLowLatency: 'comm/sglang/0.5.12/wideep_deepep_ll_perf',
  deepepNormal: 'comm/sglang/0.5.12/wideep_deepep_normal_perf',
} as const;

export type TableName = keyof typeof TABLES;
export type Row = Readonly<Record<string, string | number>>;

export function tablesPresent(root: string = TABLES_ROOT): boolean {
  return existsSync(join(root, 'h100_sxm', `${TABLES.gemm}.parquet`));
}

/** The path a row is cited by: `<gpu>/<table>.parquet` under the tables' root. */
export const tablePath = (gpu: string, table: TableName) => `${gpu}/${TABLES[table]}.parquet`;

/** Every row of one table of one GPU, BigInt columns as numbers; an empty list where the file is missing. */
export async function readTable(gpu: string, table: TableName, root: string = TABLES_ROOT): Promise<Row[]> {
  const path = join(root, tablePath(gpu, table));
  if (!existsSync(path)) return [];
  const file = await asyncBufferFromFile(path);
  const rows = await parquetReadObjects({ file, compressors });
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as string | number)])));
}
