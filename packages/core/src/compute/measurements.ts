/** The GEMM and HBM measurements the efficiency curves are fitted on, as cases.json holds them, each with its case id. */

import type { GemmShape, Precision } from './types.js';

const STAS00_MAMF = "stas00/ml-engineering compute/accelerator/README.md 'Maximum Achievable Matmul FLOPS' v2 tables";
const AZURE = 'Azure/AI-benchmarking-guide Azure_Results (cuBLASLt, random init, 10k warmup)';

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
