/** The GEMM and HBM measurements the efficiency curves are fitted on, as cases.json holds them, each with its case id. */

import type { GemmShape, Precision } from './types.js';

const STAS00_MAMF = "stas00/ml-engineering compute/accelerator/README.md 'Maximum Achievable Matmul FLOPS' v2 tables";
const AZURE = 'Azure/AI-benchmarking-guide Azure_Results (cuBLASLt, random init, 10k warmup)';
const TABLES = 'AIConfigurator measured kernel tables, gemm/trtllm/1.3.0rc20/gemm_perf (one whole node, clocks locked, CUDA graphs)';

/** A measured GEMM rate. Efficiency = tflops / peakTflops, the dense peak the source divides by. */
export interface GemmMeasurement {
  /** The case in cases.json; it names the system. */
  readonly caseId: string;
  readonly vendor: 'NVIDIA' | 'AMD';
  /** Registry id (`gpus`) of the GPU measured; null for parts the catalogue does not hold (GH200, MI325X). */
  readonly gpu: string | null;
  readonly precision: Precision;
  readonly tflops: number;
  readonly peakTflops: number;
  readonly shape: GemmShape;
  readonly source: string;
}

type Vendor = GemmMeasurement['vendor'];

/** A MAMF row: the best shape of a sweep over m, n, k (mean of 100 iterations after 50 warm-up). */
const mamf = (caseId: string, vendor: Vendor, gpu: string | null, precision: Precision, tflops: number, peakTflops: number, m: number, n: number, k: number) =>
  ({ caseId, vendor, gpu, precision, tflops, peakTflops, shape: { m, n, k }, source: STAS00_MAMF }) satisfies GemmMeasurement;

/** An Azure row: a cube n x n x n. */
const azure = (caseId: string, gpu: string, precision: Precision, tflops: number, peakTflops: number, n: number) =>
  ({ caseId, vendor: 'NVIDIA', gpu, precision, tflops, peakTflops, shape: { m: n, n, k: n }, source: AZURE }) satisfies GemmMeasurement;

/**
 * What a GEMM the measured kernel tables time reaches at production clocks, as a share of the tables' figure: their
 * collector locks the clocks at maximum, where the MAMF and Azure benchmarks run the GPUs as deployed. FITTED on the four
 * GPU-precision pairs both kinds of source time, each the production benchmark's best over the table's fastest large GEMM:
 * H100 BF16 794.5 / 854.4 = 0.930, H100 FP8 1,402.6 / 1,506.7 = 0.931, H200 FP8 1,366.3 / 1,533.7 = 0.891, GB200 FP8
 * 2,906.9 / 3,492.6 = 0.832 -> median 0.91. Checked on the held-back Megatron-Bridge Blackwell training rows, which the
 * table plateaus move (GB200 FP8 -13.3..-9.6% -> -6..-2%).
 */
export const TABLE_CLOCK_FACTOR = 0.91;

/**
 * A measured-kernel-table row: the fastest large GEMM of a GPU's BF16 or FP8 rows (the FP8 rows quantize their input in
 * the timed call) at TABLE_CLOCK_FACTOR, cited as a hardware measurement in cases.json (spec-meas-gemm-*); the peak is
 * the catalogue's dense rate. The tables time every GPU from H100 to GB300 under one software stack, the only GEMM
 * source for B200, B300 and GB300 and for Blackwell BF16.
 */
const table = (caseId: string, gpu: string, precision: Precision, m: number, n: number, k: number, latencyUs: number, peakTflops: number) =>
  ({
    caseId,
    vendor: 'NVIDIA',
    gpu,
    precision,
    tflops: Math.round((TABLE_CLOCK_FACTOR * (2 * m * n * k)) / (latencyUs * 1e-6) / 1e11) / 10,
    peakTflops,
    shape: { m, n, k },
    source: TABLES,
  }) satisfies GemmMeasurement;

/** Peaks as each case states them (MAMF `theoretical_TFLOPS`), or cases.json's spec case of that GPU for Azure rows. */
export const gemmMeasurements: readonly GemmMeasurement[] = [
  mamf('spec-mamf-NVIDIA_H100_SXM-BF16', 'NVIDIA', 'h100-sxm', 'bf16', 794.5, 989, 2048, 2048, 13312),
  mamf('spec-mamf-NVIDIA_A100_SXM-BF16', 'NVIDIA', 'a100-80g', 'bf16', 271.2, 312, 1024, 10240, 5120),
  mamf('spec-mamf-NVIDIA_GH200_900W-BF16', 'NVIDIA', null, 'bf16', 828.6, 989, 1024, 15360, 4096),
  mamf('spec-mamf-NVIDIA_GH200_900W-FP8', 'NVIDIA', null, 'fp8', 1535.0, 1979, 1024, 14336, 14336),
  mamf('spec-mamf-NVIDIA_H100_SXM-FP8', 'NVIDIA', 'h100-sxm', 'fp8', 1402.6, 1979, 1024, 9216, 14336),
  mamf('spec-mamf-AMD_MI325X-BF16', 'AMD', null, 'bf16', 784.9, 1300, 13312, 10240, 8192),
  mamf('spec-mamf-AMD_MI300X-BF16', 'AMD', 'mi300x', 'bf16', 668.4, 1300, 10240, 15360, 8192),
  azure('spec-meas-Azure_ND_H100_v5', 'h100-sxm', 'fp8', 1382.2, 1979, 32768),
  azure('spec-meas-Azure_ND_H100_v5', 'h100-sxm', 'fp8', 1377.3, 1979, 16384),
  azure('spec-meas-Azure_ND_H100_v5', 'h100-sxm', 'fp8', 1290.1, 1979, 8192),
  azure('spec-meas-Azure_ND_H200_v5', 'h200', 'fp8', 1349.5, 1979, 32768),
  azure('spec-meas-Azure_ND_H200_v5', 'h200', 'fp8', 1366.3, 1979, 16384),
  azure('spec-meas-Azure_ND_H200_v5', 'h200', 'fp8', 1300.6, 1979, 8192),
  // Azure's A100 rows ran FP16, whose dense tensor rate (312 TFLOP/s) equals BF16's.
  azure('spec-meas-Azure_ND_A100_v4', 'a100-80g', 'bf16', 256.5, 312, 16384),
  azure('spec-meas-Azure_ND_A100_v4', 'a100-80g', 'bf16', 253.7, 312, 8192),
  azure('spec-meas-Azure_ND_GB200_v6', 'gb200', 'fp8', 2906.9, 5000, 16384),
  azure('spec-meas-Azure_ND_GB200_v6', 'gb200', 'fp4', 7627.6, 10_000, 16384),
  azure('spec-meas-Azure_ND_GB200_v6', 'gb200', 'fp4', 7535.6, 10_000, 8192),
  table('spec-meas-gemm-h100-bfloat16-m3328-n2560-k65536', 'h100-sxm', 'bf16', 3328, 2560, 65536, 1307, 989),
  table('spec-meas-gemm-h100-fp8-m1025-n65536-k12288', 'h100-sxm', 'fp8', 1025, 65536, 12288, 1095.69, 1979),
  table('spec-meas-gemm-h200-bfloat16-m4097-n2560-k65536', 'h200', 'bf16', 4097, 2560, 65536, 1596.24, 989),
  table('spec-meas-gemm-h200-fp8-m3329-n65536-k16384', 'h200', 'fp8', 3329, 65536, 16384, 4661.24, 1979),
  table('spec-meas-gemm-b200-bfloat16-m3072-n51200-k3584', 'b200', 'bf16', 3072, 51200, 3584, 657.09, 2250),
  table('spec-meas-gemm-b200-fp8-m4096-n65536-k6144', 'b200', 'fp8', 4096, 65536, 6144, 1046.81, 4500),
  table('spec-meas-gemm-gb200-bfloat16-m3840-n2560-k65536', 'gb200', 'bf16', 3840, 2560, 65536, 668.04, 2500),
  table('spec-meas-gemm-gb200-fp8-m4096-n65536-k8192', 'gb200', 'fp8', 4096, 65536, 8192, 1259.25, 5000),
  table('spec-meas-gemm-b300-bfloat16-m3072-n3072-k65536', 'b300', 'bf16', 3072, 3072, 65536, 658.64, 2500),
  table('spec-meas-gemm-b300-fp8-m8192-n65536-k7168', 'b300', 'fp8', 8192, 65536, 7168, 2280.04, 5000),
  table('spec-meas-gemm-gb300-bfloat16-m32768-n5120-k16384', 'gb300', 'bf16', 32768, 5120, 16384, 2609.44, 2500),
  table('spec-meas-gemm-gb300-fp8-m16384-n65536-k6144', 'gb300', 'fp8', 16384, 65536, 6144, 3519.19, 5000),
];

/** A STREAM-like copy rate (bytes read plus bytes written, per second) against the datasheet HBM bandwidth. */
export interface HbmMeasurement {
  readonly caseId: string;
  readonly gpu: string;
  readonly copyTBps: number;
  readonly peakTBps: number;
  readonly source: string;
}

/** Copy, not triad or dot: an op's bytes count reads and writes, as copy does. Peaks as cases.json's spec cases give them. */
export const hbmMeasurements: readonly HbmMeasurement[] = [
  { caseId: 'spec-meas-Azure_ND_H100_v5', gpu: 'h100-sxm', copyTBps: 2.9, peakTBps: 3.35, source: AZURE },
  { caseId: 'spec-meas-Azure_ND_H200_v5', gpu: 'h200', copyTBps: 4.01, peakTBps: 4.8, source: AZURE },
  { caseId: 'spec-meas-Azure_ND_A100_v4', gpu: 'a100-80g', copyTBps: 1.61, peakTBps: 2.0, source: AZURE },
];
