/** The GPU generations the measured kernel tables separate (Hopper, Blackwell), and each catalogue GPU's. */

/** Tensor-core generations the measured kernel tables separate: Hopper (H100, H200, H800, H20) and Blackwell (B200, GB200, B300, GB300). */
export type GpuGeneration = 'hopper' | 'blackwell';

/** Each catalogue GPU's generation; GPUs outside these (A100, other vendors) take Hopper's floors, an assumption. */
const GENERATIONS: Readonly<Record<string, GpuGeneration>> = {
  'h100-sxm': 'hopper',
  h200: 'hopper',
  h800: 'hopper',
  h20: 'hopper',
  b200: 'blackwell',
  gb200: 'blackwell',
  b300: 'blackwell',
  gb300: 'blackwell',
};

export const generationOf = (gpuId: string): GpuGeneration => GENERATIONS[gpuId] ?? 'hopper';

/** The GPU's generation where the measured tables cover it, else undefined (a fitted bandwidth does not carry over). */
export const measuredGenerationOf = (gpuId: string): GpuGeneration | undefined => GENERATIONS[gpuId];
