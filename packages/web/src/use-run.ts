/** A run of the page's settings on its own worker: status, progress, result or problem, and cancel. */

import { useCallback, useMemo, useState } from 'react';
import type { RunState } from './run-state.js';
import { Cancelled, SimClient, SimProblem } from './sim/client.js';
import type { UiState } from './state.js';

export function useRun(state: UiState) {
  const runner = useMemo(() => new SimClient(), []);
  const [runState, setRunState] = useState<RunState>({ status: 'idle' });
  const startRun = useCallback(() => {
    const started = performance.now();
    setRunState({ status: 'running' });
    runner
      .run(state.scenario, state.file, state.run, (done, total, label) => setRunState({ status: 'running', progress: { done, total, label } }))
      .then(
        (result) => setRunState({ status: 'done', result, elapsedMs: performance.now() - started }),
        (e: Error) => {
          if (e instanceof Cancelled) setRunState({ status: 'cancelled' });
          else if (e instanceof SimProblem) setRunState({ status: 'failed', problem: e.problem });
          else setRunState({ status: 'failed', problem: { path: [], message: e.message } });
        },
      );
  }, [runner, state.scenario, state.file, state.run]);

  const cancel = useCallback(() => runner.cancel(), [runner]);
  return { runner, runState, startRun, cancel };
}
