/** What in-switch algorithms share: the refusal when the scale-up switch cannot reduce or multicast. */

import type { CollectiveContext } from './types.js';

export function inSwitchProblem(ctx: CollectiveContext): string | undefined {
  return ctx.inSwitchReduction
    ? undefined
    : 'in-switch algorithms need a switch with reduction and multicast (NVLink SHARP / NVLS, InfiniBand SHARP); ctx.inSwitchReduction is false';
}
