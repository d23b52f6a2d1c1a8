/** Scale-up cable runs: how far a domain's links reach across its racks, against the reach of their medium. */

import type { ResolvedSystemSpec } from './resolve.js';

/** Run from a GPU to its switch inside one rack (the in-rack copper assumption of resolve.ts: ~2 m). */
export const IN_RACK_RUN_M = 2;

/** Width of one rack in a row (assumption: the common 600 mm rack). */
export const RACK_PITCH_M = 0.6;

/**
 * Longest GPU-to-switch run of a scale-up domain: in one rack IN_RACK_RUN_M; a domain over k racks in a row, switches
 * in the middle, reaches ceil((k - 1) / 2) racks further. Example: 256 GPUs in 128-GPU racks (k = 2): 2 + 0.6 = 2.6 m,
 * past passive copper's 2 m; 1,024 GPUs (k = 8): 2 + 4 x 0.6 = 4.4 m.
 */
export function scaleUpRunM(spec: Pick<ResolvedSystemSpec, 'scaleUp' | 'rack'>): number {
  const racks = Math.ceil(spec.scaleUp.domainSize / spec.rack.gpus);
  return IN_RACK_RUN_M + RACK_PITCH_M * Math.ceil((racks - 1) / 2);
}

/** A warning when the domain's longest run is past its medium's reach, or undefined. */
export function reachWarning(spec: Pick<ResolvedSystemSpec, 'scaleUp' | 'rack'>): string | undefined {
  const run = scaleUpRunM(spec);
  const medium = spec.scaleUp.medium;
  if (run <= medium.reach) return undefined;
  const racks = Math.ceil(spec.scaleUp.domainSize / spec.rack.gpus);
  return (
    `scale-up: a domain of ${spec.scaleUp.domainSize} GPUs spans ${racks} racks of ${spec.rack.gpus}; its longest link runs ~${run.toFixed(1)} m, ` +
    `past ${medium.id}'s ${medium.reach} m reach: use optics (medium: npo, cpo, lpo or optics-pluggable) or a smaller domain`
  );
}
