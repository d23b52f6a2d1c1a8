/** Test helpers shared by core tests: build a preset with overrides the way a scenario file would; read the message a call is refused with. */

import { ArgumentError } from './base/errors.js';
import { deepMerge } from './base/merge.js';
import { systemPresets } from './presets/registry.js';
import { systemSchema } from './system/schema.js';
import { buildSystem, type System } from './system/system.js';

export function buildPreset(preset: string, overrides: unknown = {}, gpus?: number): System {
  return buildSystem(systemSchema.parse(deepMerge(systemPresets.get(preset).input, overrides)), gpus === undefined ? {} : { gpus });
}

/** The message `run` is refused with ("field: ..."), 'accepted' when it returns, or what else it threw. */
export function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return e instanceof ArgumentError ? e.message : `not an ArgumentError: ${e}`;
  }
  return 'accepted';
}
