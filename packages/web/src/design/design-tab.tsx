/** The design tab: a preset to start from, the scenario's YAML (import, export, edit), the generated form, and what the design is. */

import { useCallback, useRef, useState } from 'react';
import type { RunState } from '../run-state.js';
import { describeFigures } from '../see/figures.js';
import { FiguresTable } from '../see/figures-table.js';
import { TopologyView } from '../see/topology-view.js';
import type { Catalogue, Evaluation } from '../sim/protocol.js';
import type { UiState } from '../state.js';
import { download } from '../ui/download.js';
import { SchemaForm } from './schema-form.js';
import { type FieldValue, setField } from './yaml-edit.js';

export interface DesignTabProps {
  readonly catalogue: Catalogue;
  readonly state: UiState;
  readonly evaluation: Evaluation | undefined;
  readonly update: (change: (s: UiState) => UiState) => void;
  readonly runState?: RunState;
}

/** Scenario files read at most this much (the simulator refuses longer ones anyway). */
const MAX_IMPORT_BYTES = 1 << 20;

export function DesignTab({ catalogue, state, evaluation, update }: DesignTabProps) {
  const [editError, setEditError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const preset = /^extends:\s*([\w.-]+)\s*$/m.exec(state.scenario)?.[1] ?? '';
  const problems = evaluation?.problems ?? [];
  const fieldPaths = new Set<string>();
  const scenario = useRef(state.scenario);
  scenario.current = state.scenario;
  const onEdit = useCallback(
    (path: readonly (string | number)[], value: FieldValue | undefined) => {
      try {
        const next = setField(scenario.current, path, value);
        scenario.current = next;
        setEditError(undefined);
        update((s) => ({ ...s, scenario: next }));
      } catch (error) {
        setEditError(error instanceof Error ? error.message : String(error));
      }
    },
    [update],
  );
  const schemaProps = (catalogue.schema.properties ?? {}) as Record<string, { properties?: Record<string, unknown> }>;
  for (const [k, v] of Object.entries(schemaProps)) {
    fieldPaths.add(k);
    for (const sub of Object.keys(v.properties ?? {})) fieldPaths.add(`${k}.${sub}`);
  }
  const general = problems.filter((p) => !fieldPaths.has(p.path.join('.')));
  return (
    <div className="columns">
      <section className="column" aria-label="design">
        <div className="toolbar">
          <label htmlFor="preset">Start from preset</label>
          <select
            id="preset"
            value={catalogue.presets.some((p) => p.id === preset) ? preset : ''}
            onChange={(e) => e.target.value && update((s) => ({ ...s, scenario: `extends: ${e.target.value}\n`, file: 'scenario.yaml' }))}
          >
            <option value="">(custom)</option>
            {catalogue.presets.map((p) => (
              <option key={p.id} value={p.id} title={p.description}>
                {p.id}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import YAML
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".yaml,.yml,.json"
            hidden
            aria-label="scenario file to import"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              if (file.size > MAX_IMPORT_BYTES) {
                setEditError(`${file.name}: ${file.size} bytes is past the ${MAX_IMPORT_BYTES} a scenario may have`);
                return;
              }
              const text = await file.text();
              update((s) => ({ ...s, scenario: text, file: file.name }));
            }}
          />
          <button
            type="button"
            onClick={() => download(state.file.endsWith('.json') ? state.file.replace(/\.json$/, '.yaml') : state.file, state.scenario, 'text/yaml')}
          >
            Export YAML
          </button>
        </div>
        <label className="block" htmlFor="scenario-text">
          Scenario ({state.file}): the CLI reads this file as it is
        </label>
        <textarea
          id="scenario-text"
          className="yaml"
          spellCheck={false}
          value={state.scenario}
          rows={Math.min(16, Math.max(4, state.scenario.split('\n').length + 1))}
          onChange={(e) => update((s) => ({ ...s, scenario: e.target.value }))}
        />
        {editError ? (
          <p className="field-error" role="alert">
            {editError}
          </p>
        ) : null}
        {general.length > 0 ? (
          <div className="problems" role="alert" aria-label="scenario problems">
            {general.map((p) => (
              <p key={p.message} className="field-error">
                {p.message}
              </p>
            ))}
          </div>
        ) : null}
        <SchemaForm schema={catalogue.schema} values={evaluation?.merged} problems={problems} onEdit={onEdit} />
      </section>
      <section className="column" aria-label="what the design is">
        {evaluation?.describe ? (
          <>
            <h2>
              {evaluation.describe.name} <span className="hint">{evaluation.describe.description}</span>
            </h2>
            {evaluation.describe.warnings.map((w) => (
              <p key={w} className="warning">
                {w}
              </p>
            ))}
            <FiguresTable columns={[{ label: evaluation.describe.name, figures: describeFigures(evaluation.describe) }]} />
            {evaluation.picture ? <TopologyView picture={evaluation.picture} title="topology" /> : null}
          </>
        ) : (
          <p className="hint">{problems.length > 0 ? 'Fix the problems on the left to see the design.' : 'Reading the design...'}</p>
        )}
      </section>
    </div>
  );
}
