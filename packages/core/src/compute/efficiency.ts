/** Efficiency curves: named, cited fractions of dense peak a GEMM reaches for its shape, and of HBM peak a transfer reaches for its size. */

import type { GpuSpec } from '../hardware/types.js';
import { kernelGpuId } from '../hardware/types.js';
import { createRegistry, type RegistryEntry } from '../registry/registry.js';
import { groupedSaturation } from './grouped-gemm.js';
import { BLOCK_SCALED_OVERLAP_P, fp4GemmShare, gemmFloorS } from './kernel-floors.js';
import { type GemmMeasurement, gemmMeasurements, hbmMeasurements } from './measurements.js';
import { computeUnitsOf, GEMM_K_HALF_BY_PRECISION, gemmSaturation, kernelSaturation } from './saturation.js';
import type { GemmShape, Precision } from './types.js';

/** A curve maps an operation to the fraction of the datasheet peak it reaches; time = work / (peak x fraction). */
export interface EfficiencyCurve extends RegistryEntry {
  /** Fraction of dense tensor peak a GEMM of this shape reaches. */
  gemm(shape: GemmShape, gpu: GpuSpec, precision: Precision): number;
  /** Fraction of dense tensor peak a large GEMM reaches; used for ops given without a shape. */
  plateau(gpu: GpuSpec, precision: Precision): number;
  /** Fraction of HBM bandwidth a memory-bound kernel moving `bytes` (read + written) reaches. */
  memory(bytes: number, gpu: GpuSpec): number;
  /** Seconds every GEMM kernel pays beyond its roofline (launch, prologue, input quantization); 0 where absent. */
  gemmFloorS?(gpu: GpuSpec, precision: Precision): number;
  /** Share of `memory`'s rate a GEMM's operand reads reach at `precision` (FP4 kernels stream weights slower); 1 where absent. */
  gemmStreamShare?(gpu: GpuSpec, precision: Precision): number;
  /**
   * How a GEMM's math and operand reads combine at `precision`: the p of (compute^p + memory^p)^(1/p); absent or
   * Infinity, the slower of the two (they overlap fully).
   */
  gemmOverlapExponent?(precision: Precision): number;
}

/** A plateau efficiency and where it comes from: the measurements of that GPU, or the named default. */
export interface Plateau {
  readonly fraction: number;
  readonly basis: string;
}

const PRECISIONS: readonly Precision[] = ['bf16', 'fp8', 'fp4'];

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

/**
 * A measurement's plateau: its fraction of peak over the ramp in k at its own depth, as the ramp
 * (GEMM_K_HALF_BY_PRECISION) was fitted, each size series with its own plateau; a benchmark at k 6,144 in FP8 reports
 * the plateau times 6,144 / (6,144 + 661) = 0.90, not the plateau. Example: MAMF's H100 FP8 best, 1,402.6 of 1,979
 * TFLOP/s at k 14,336: 0.709 / 0.956 = 0.741.
 */
const fractionOf = (m: GemmMeasurement) => m.tflops / m.peakTflops / (m.shape.k / (m.shape.k + GEMM_K_HALF_BY_PRECISION[m.precision]));

/** Each NVIDIA part's best measured fraction at `precision`, one value per part (a GPU id, or the case for parts outside the catalogue). */
function nvidiaBest(precision: Precision): number[] {
  const best = new Map<string, number>();
  for (const m of gemmMeasurements) {
    if (m.vendor !== 'NVIDIA' || m.precision !== precision) continue;
    const key = m.gpu ?? m.caseId;
    best.set(key, Math.max(best.get(key) ?? 0, fractionOf(m)));
  }
  return [...best.values()];
}

/**
 * Plateau for a GPU without its own measurement at a precision: the median over NVIDIA parts of each part's best.
 * each over its ramp in k (fractionOf), the kernel-table rows at TABLE_CLOCK_FACTOR:
 * bf16: B300 0.686, GB200 0.704, B200 0.729, GB300 0.775, H200 0.795, H100 0.814 (MAMF), GH200 0.875, A100 0.900 -> 0.785;
 * fp8: B300 0.671, GB200 0.687, B200 0.706, H200 0.734, H100 0.741 (MAMF), GB300 0.756, GH200 0.807 -> 0.734;
 * fp4: GB200 7627.6/10000 = 0.763 (the only one). Computed from `gemmMeasurements`, so the two cannot drift.
 */
const MEASURED_DEFAULTS = Object.fromEntries(PRECISIONS.map((p) => [p, median(nvidiaBest(p))])) as Record<'bf16' | 'fp8' | 'fp4', number>;

/**
 * int8 has no measurement of its own: W8A8 GEMMs run on the same tensor cores as FP8 (on Hopper and Blackwell the same
 * operations per clock), so they take FP8's fraction of peak; an assumption until an INT8 GEMM figure is in the data.
 */
export const DEFAULT_GEMM_EFFICIENCY: Readonly<Record<Precision, number>> = { ...MEASURED_DEFAULTS, int8: MEASURED_DEFAULTS.fp8 };

/** Each catalogue GPU's best measurement per precision, keyed 'gpu/precision', built once from `gemmMeasurements`. */
const MEASURED_PLATEAUS: ReadonlyMap<string, Plateau> = new Map(
  gemmMeasurements
    .filter((m) => m.gpu !== null)
    .sort((a, b) => fractionOf(a) - fractionOf(b)) // ascending: the best row of each key is set last and kept
    .map((m) => [`${m.gpu}/${m.precision}`, { fraction: fractionOf(m), basis: `${m.caseId}: ${m.tflops} of ${m.peakTflops} TFLOP/s` }]),
);

/**
 * The fraction of dense peak large GEMMs reach on `gpuId` at `precision`: the best of its measurements (every
 * benchmark is a lower bound on what a tuned kernel reaches), else DEFAULT_GEMM_EFFICIENCY, labelled as such.
 */
export function gemmPlateau(gpuId: string, precision: Precision): Plateau {
  return (
    MEASURED_PLATEAUS.get(`${gpuId}/${precision}`) ?? {
      fraction: DEFAULT_GEMM_EFFICIENCY[precision],
      basis: `default: median of the NVIDIA ${precision} measurements`,
    }
  );
}

/** Median of the STREAM-like copy fractions: H100 2.9/3.35 = 0.866, H200 4.01/4.8 = 0.835, A100 1.61/2.0 = 0.805 -> 0.835. */
export const DEFAULT_HBM_EFFICIENCY = median(hbmMeasurements.map((m) => m.copyTBps / m.peakTBps));

/** The fraction of HBM bandwidth long transfers reach on `gpuId`: its copy measurement, else DEFAULT_HBM_EFFICIENCY. */
export function hbmPlateau(gpuId: string): Plateau {
  const own = hbmMeasurements.find((m) => m.gpu === gpuId);
  if (!own) return { fraction: DEFAULT_HBM_EFFICIENCY, basis: 'default: median of the HBM copy measurements' };
  return { fraction: own.copyTBps / own.peakTBps, basis: `${own.caseId}: copy ${own.copyTBps} of ${own.peakTBps} TB/s` };
}

/**
 * Load latency of HBM, seconds: ~400 ns on H100 (mikamirai.com 'GPU Memory Bandwidth' H100 hierarchy table, secondary;
 * ~600 cycles in fp4-site.pages.dev 'GPU memory hierarchy' = 0.34 us at 1.755 GHz). A kernel moving S bytes takes
 * this latency plus S / (bw x eff), so it reaches half its streaming rate at S = bw x eff x latency (Little's law):
 * 3.35e12 x 0.866 x 4e-7 = 1.16 MB on H100. Launch gaps between kernels belong to the step scheduler, not here.
 */
export const HBM_LATENCY_S = 400e-9;

const saturating: EfficiencyCurve = {
  id: 'mamf-saturating',
  description:
    'Measured maximum GEMM efficiency per GPU and precision, times a saturation for small shapes (partial tiles, ' +
    'fewer tiles than SMs, short main loop); HBM at the measured copy fraction plus its load latency.',
  source:
    "stas00/ml-engineering 'Maximum Achievable Matmul FLOPS', Azure/AI-benchmarking-guide results and the measured kernel " +
    "tables' fastest GEMMs at TABLE_CLOCK_FACTOR (cases.json spec-mamf-*, spec-meas-Azure_*, spec-meas-gemm-*), each over " +
    'its ramp in k; GEMM_K_HALF_BY_PRECISION fitted on the Azure size series',
  plateau: (gpu, precision) => gemmPlateau(kernelGpuId(gpu), precision).fraction,
  gemm: (shape, gpu, precision) =>
    gemmPlateau(kernelGpuId(gpu), precision).fraction * gemmSaturation(shape, computeUnitsOf(kernelGpuId(gpu)), GEMM_K_HALF_BY_PRECISION[precision]),
  memory(bytes, gpu) {
    const eff = hbmPlateau(kernelGpuId(gpu)).fraction;
    return (eff * bytes) / (bytes + gpu.hbmBandwidth * eff * HBM_LATENCY_S);
  },
};

const measuredKernels: EfficiencyCurve = {
  id: 'measured-kernels',
  description:
    "mamf-saturating's plateaus and HBM, with small-m tiles and split-K for GEMMs with fewer tiles than SMs " +
    '(kernelSaturation), grouped expert GEMMs at GROUPED_GEMM_EFFICIENCY of that, plus the fixed cost each GEMM kernel ' +
    'pays by GPU generation and precision (GEMM_FLOOR_S); NVFP4 GEMMs at FP4_GEMM_SHARE of both rates; block-scaled ' +
    'GEMMs (FP8, FP4, INT8) overlap math and reads partly near the ridge (BLOCK_SCALED_OVERLAP_P).',
  source:
    'as mamf-saturating; small-m tiles, split-K and GEMM_FLOOR_S checked and fitted on the measured GEMM tables ' +
    '(shared/kernels/aiconfigurator gemm_perf, scripts/calibrate-kernels.ts)',
  plateau: (gpu, precision) => gemmPlateau(kernelGpuId(gpu), precision).fraction,
  gemm: (shape, gpu, precision) =>
    gemmPlateau(kernelGpuId(gpu), precision).fraction *
    groupedSaturation(kernelSaturation(shape, computeUnitsOf(kernelGpuId(gpu)), GEMM_K_HALF_BY_PRECISION[precision]), shape, kernelGpuId(gpu)) *
    (precision === 'fp4' ? fp4GemmShare(kernelGpuId(gpu)).compute : 1),
  memory: saturating.memory,
  gemmFloorS: (gpu, precision) => gemmFloorS(kernelGpuId(gpu), precision),
  gemmStreamShare: (gpu, precision) => (precision === 'fp4' ? fp4GemmShare(kernelGpuId(gpu)).stream : 1),
  gemmOverlapExponent: (precision) => (precision === 'bf16' ? Number.POSITIVE_INFINITY : BLOCK_SCALED_OVERLAP_P),
};

const plateauOnly: EfficiencyCurve = {
  id: 'plateau',
  description: 'Measured maximum GEMM and HBM copy efficiencies for every op, whatever its size (no small-shape losses).',
  source: 'cases.json spec-mamf-*, spec-meas-Azure_* (as mamf-saturating, without the saturation)',
  plateau: (gpu, precision) => gemmPlateau(kernelGpuId(gpu), precision).fraction,
  gemm: (_shape, gpu, precision) => gemmPlateau(kernelGpuId(gpu), precision).fraction,
  memory: (_bytes, gpu) => hbmPlateau(kernelGpuId(gpu)).fraction,
};

const ideal: EfficiencyCurve = {
  id: 'ideal',
  description: 'Datasheet peaks, efficiency 1 everywhere: the roofline upper bound no kernel reaches.',
  source: 'GPU datasheets as hardware/gpus.ts holds them',
  plateau: () => 1,
  gemm: () => 1,
  memory: () => 1,
};

export const efficiencyCurves = createRegistry<EfficiencyCurve>('efficiency curve', [measuredKernels, saturating, plateauOnly, ideal]);

export const DEFAULT_EFFICIENCY_CURVE = 'measured-kernels';
