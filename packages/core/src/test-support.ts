/** Test helpers shared by core tests: build a preset with overrides the way a scenario file would. */

import { deepMerge } from './base/merge.js';
import { systemPresets } from './presets/registry.js';
import { systemSchema } from './system/schema.js';
import { buildSystem, type System } from './system/system.js';

export function buildPreset(preset: string, overrides: unknown = {}, gpus?: number): System {
  return buildSystem(systemSchema.parse(deepMerge(systemPresets.get(preset).input, overrides)), gpus === undefined ? {} : { gpus });
}
