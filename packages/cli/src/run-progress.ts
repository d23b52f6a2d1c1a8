/** A run's progress on stderr: nothing for a short run; past a few seconds, a line each tenth of the way through each phase (reading a trace, serving it). */

import type { Progress } from '@supernode/core';

/** A run shorter than this prints no progress at all: most runs take a second or two. */
export const QUIET_MS = 3000;

/**
 * Hears core's progress (`done` of `total`, and what it is doing) and writes `<command>: <label> (<n>%)` to `write`
 * once the run has lasted `quietMs`, then again at each further tenth. A new total, or a count that starts over (the
 * next of several runs), starts a new phase.
 * Example: serving 1,000 requests past the quiet time writes "serve: 100 of 1000 requests finished (10%)", and so on.
 */
export function runProgress(command: string, write: (line: string) => void, quietMs = QUIET_MS, now: () => number = () => performance.now()): Progress {
  const started = now();
  let total = Number.NaN;
  let lastDone = 0;
  let shownTenth = -1;
  return (done, phaseTotal, label) => {
    if (phaseTotal !== total || done < lastDone) {
      total = phaseTotal;
      shownTenth = -1;
    }
    lastDone = done;
    const tenth = total > 0 ? Math.floor((10 * done) / total) : 0;
    if (tenth <= shownTenth || now() - started < quietMs) return;
    shownTenth = tenth;
    write(`${command}: ${label} (${total > 0 ? Math.floor((100 * done) / total) : 0}%)`);
  };
}
