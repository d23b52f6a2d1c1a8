/** The compare tab: designs side by side (the one being edited against presets), differences highlighted, and sweep results as a Pareto plot. */

import { useEffect, useState } from 'react';
import { setField } from '../design/yaml-edit.js';
import { describeFigures, runFigures } from '../see/figures.js';
import { type FigureColumn, FiguresTable } from '../see/figures-table.js';
import { Cancelled, type SimClient } from '../sim/client.js';
import type { Catalogue, CompareEntry } from '../sim/protocol.js';
import { LIVE_KINDS } from '../sim/protocol.js';
import type { UiState } from '../state.js';
import { SweepPanel } from './sweep-panel.js';

export interface CompareTabProps {
  readonly catalogue: Catalogue;
  readonly state: UiState;
  readonly client: SimClient;
  readonly update: (change: (s: UiState) => UiState) => void;
}

export function CompareTab({ catalogue, state, client, update }: CompareTabProps) {
  const [entries, setEntries] = useState<readonly CompareEntry[]>();
  const [alikeGpus, setAlikeGpus] = useState<number>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const designs = state.compare.map((id) => {
      const scenario = id === 'current' ? state.scenario : `extends: ${id}\n`;
      const label = id === 'current' ? 'current design' : id;
      if (state.compareGpus === undefined) return { label, scenario };
      try {
        return { label, scenario: setField(scenario, ['gpus'], state.compareGpus) };
      } catch {
        return { label, scenario };
      }
    });
    // Unless a count is given or each keeps its own, every design is sized alike, so "best" compares like with like.
    client.compare(designs, state.run, state.compareGpus === undefined && !state.compareOwn).then(
      (e) => {
        if (live) {
          setEntries(e.entries);
          setAlikeGpus(e.gpus);
          setError(undefined);
        }
      },
      (e: Error) => {
        if (live && !(e instanceof Cancelled)) setError(e.message);
      },
    );
    return () => {
      live = false;
    };
  }, [client, state.compare, state.compareGpus, state.compareOwn, state.scenario, state.run]);
  const toggle = (id: string) => update((s) => ({ ...s, compare: s.compare.includes(id) ? s.compare.filter((x) => x !== id) : [...s.compare, id] }));
  const columns: FigureColumn[] = (entries ?? []).map((e) => ({
    label: e.label,
    figures: [...(e.describe ? describeFigures(e.describe) : []), ...(e.run ? runFigures(e.run) : [])],
  }));
  return (
    <div className="stack">
      <fieldset className="designs">
        <legend>Designs side by side</legend>
        {['current', ...catalogue.presets.map((p) => p.id)].map((id) => (
          <label key={id} className="check">
            <input type="checkbox" checked={state.compare.includes(id)} onChange={() => toggle(id)} />
            {id === 'current' ? 'current design' : id}
          </label>
        ))}
      </fieldset>
      <div className="toolbar">
        <label htmlFor="compare-gpus">GPUs in every design</label>
        <input
          id="compare-gpus"
          type="text"
          inputMode="numeric"
          placeholder={
            state.compareOwn ? '(each its own)' : alikeGpus === undefined ? '(each its own: no common size)' : `${alikeGpus.toLocaleString('en-US')}, alike`
          }
          value={state.compareGpus ?? ''}
          onChange={(e) => {
            const n = Number(e.target.value);
            update((s) => {
              const { compareGpus: _, ...rest } = s;
              return e.target.value.trim() === '' || !Number.isSafeInteger(n) || n <= 0 ? rest : { ...rest, compareGpus: n };
            });
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            id="compare-own"
            checked={state.compareOwn === true}
            onChange={(e) =>
              update((s) => {
                const { compareOwn: _, ...rest } = s;
                return e.target.checked ? { ...rest, compareOwn: true } : rest;
              })
            }
          />{' '}
          each its own size
        </label>
      </div>
      <p className="hint">
        Each design with the {state.run.kind} settings of the Run tab
        {LIVE_KINDS.includes(state.run.kind) ? ', analytical' : ` (${state.run.kind} runs on the Run tab only)`}; rows where the designs differ are highlighted
        and the best of each such row is marked.
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {entries
        ?.filter((e) => e.problem)
        .map((e) => (
          <p key={e.label} className="warning">
            {e.label}: {e.problem}
          </p>
        ))}
      {entries ? <FiguresTable columns={columns} caption="comparison" /> : <p className="hint">Comparing...</p>}
      <SweepPanel />
    </div>
  );
}
