/** How a degraded or straggling system differs from its design, in words, for the lines that compare a run with the healthy one. */

import type { System } from '@supernode/core';

/** What makes a run differ from the healthy design, in words: failed components, slow links and GPUs. */
export function degradedBy(system: System): string {
  const n = (count: number, what: string) => (count > 0 ? [`${count} ${what}${count === 1 ? '' : 's'}`] : []);
  const s = system.stragglers;
  const slowGpus = system.gpuSpeed ? system.gpuSpeed.filter((v) => v < 1).length : 0;
  return [...n(system.failures?.length ?? 0, 'failed component'), ...n(s?.links?.length ?? 0, 'slow link'), ...n(slowGpus, 'slow GPU')].join(', ');
}
