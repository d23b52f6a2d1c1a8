/** The page's state and its live evaluation: the URL carries the state, and every edit of the scenario or the run settings goes to a live worker, latest wins. */

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { SimClient, SimProblem } from './sim/client.js';
import type { TopologyPicture } from './sim/picture.js';
import { type Catalogue, type Evaluation, LIVE_KINDS, type RunSettings } from './sim/protocol.js';
import { DEFAULT_STATE, decodeState, encodeState, type UiState } from './state.js';

const samePicture = (a: TopologyPicture, b: TopologyPicture) => JSON.stringify(a) === JSON.stringify(b);

/** How long an edit took to show, and how many have: what the refresh benchmark reads off the page. */
export interface Refresh {
  readonly ms: number;
  readonly count: number;
  readonly arrivedMs: number;
}

export function useLiveState() {
  const [state, setState] = useState<UiState>(() => decodeState(location.hash) ?? DEFAULT_STATE);
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [evaluation, setEvaluation] = useState<Evaluation>();
  const [fault, setFault] = useState<string>();
  const live = useMemo(() => new SimClient(), []);
  const editedAt = useRef<number>(performance.now());
  const arrivedAt = useRef<number>(performance.now());
  const [refresh, setRefresh] = useState<Refresh>();

  useEffect(() => {
    live.catalogue().then(setCatalogue, (e: Error) => setFault(e.message));
  }, [live]);

  // The URL carries the whole state; replaceState keeps the history clean while typing.
  useEffect(() => {
    history.replaceState(null, '', encodeState(state));
  }, [state]);

  // Re-evaluate after every edit, latest wins: one request in flight, the newest state queued behind it.
  const inFlight = useRef(false);
  const queued = useRef<UiState | undefined>(undefined);
  const evaluate = useCallback(
    (s: UiState) => {
      if (inFlight.current) {
        queued.current = s;
        return;
      }
      inFlight.current = true;
      const run: RunSettings | undefined = LIVE_KINDS.includes(s.run.kind) ? s.run : undefined;
      live
        .evaluate(s.scenario, s.file, run)
        .then(
          (e) => {
            arrivedAt.current = performance.now();
            // A picture equal to the last keeps its identity, so the topology view does not redraw.
            if (!queued.current)
              setEvaluation((old) => (old?.picture && e.picture && samePicture(old.picture, e.picture) ? { ...e, picture: old.picture } : e));
          },
          (e: Error) => setFault(e instanceof SimProblem ? e.problem.message : e.message),
        )
        .finally(() => {
          inFlight.current = false;
          const next = queued.current;
          queued.current = undefined;
          if (next) evaluate(next);
        });
    },
    [live],
  );
  const current = useRef(state);
  useEffect(() => {
    evaluate(current.current);
  }, [evaluate]);

  // After the evaluation renders, note how long the edit took to show (what the refresh benchmark reads).
  useEffect(() => {
    if (!evaluation) return;
    const frame = requestAnimationFrame(() =>
      setRefresh((r) => ({ ms: performance.now() - editedAt.current, arrivedMs: arrivedAt.current - editedAt.current, count: (r?.count ?? 0) + 1 })),
    );
    return () => cancelAnimationFrame(frame);
  }, [evaluation]);

  /** Applies an edit; one that changes the scenario or the run goes to the worker at once, while React renders the form. */
  const update = useCallback(
    (change: (s: UiState) => UiState) => {
      const before = current.current;
      const next = change(before);
      current.current = next;
      setState(next);
      if (next.scenario !== before.scenario || next.file !== before.file || next.run !== before.run) {
        editedAt.current = performance.now();
        evaluate(next);
      }
    },
    [evaluate],
  );

  return { state, update, catalogue, evaluation, refresh, fault, setFault };
}
