/** The run settings as forms: the CLI's flags for collective, train, serve, resilience and share, each control labelled with its flag. */

import type { Catalogue, CollectiveSettings, ResilienceSettings, RunSettings, ServeSettings, ShareSettings, TrainSettings } from '../sim/protocol.js';

type Change = (change: (r: RunSettings) => RunSettings) => void;

interface Control {
  readonly flag: string;
  readonly name: string;
  readonly kind: 'text' | 'number' | 'optional-number';
  readonly choices?: readonly string[];
}

function Controls<T extends object>({ values, controls, set }: { values: T; controls: readonly Control[]; set: (name: string, value: unknown) => void }) {
  return (
    <div className="fields">
      {controls.map((c) => {
        const id = `run-${c.name}`;
        const raw = (values as Record<string, unknown>)[c.name];
        return (
          <div className="field" key={c.name}>
            <label htmlFor={id}>{c.flag}</label>
            {c.choices ? (
              <select
                id={id}
                data-flag={c.flag}
                value={String(raw ?? '')}
                onChange={(e) => set(c.name, c.kind === 'number' ? Number(e.target.value) : e.target.value)}
              >
                {c.choices.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                data-flag={c.flag}
                type="text"
                inputMode={c.kind === 'text' ? 'text' : 'decimal'}
                autoComplete="off"
                value={raw === undefined ? '' : String(raw)}
                placeholder={c.kind === 'optional-number' ? '(derived)' : ''}
                onChange={(e) => {
                  const t = e.target.value.trim();
                  if (c.kind === 'text') set(c.name, e.target.value);
                  else if (t === '' && c.kind === 'optional-number') set(c.name, undefined);
                  else set(c.name, Number.isFinite(Number(t)) && t !== '' ? Number(t) : t);
                }}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}

const FIDELITY = ['analytical', 'flow'];

export function CollectiveForm({ values, catalogue, change }: { values: CollectiveSettings; catalogue: Catalogue; change: Change }) {
  const controls: Control[] = [
    { flag: '--op', name: 'op', kind: 'text', choices: catalogue.ops },
    { flag: '--group', name: 'group', kind: 'text' },
    { flag: '--sizes', name: 'sizes', kind: 'text' },
    { flag: '--algorithm', name: 'algorithm', kind: 'text', choices: ['auto', ...(catalogue.algorithms[values.op] ?? [])] },
    { flag: '--protocol', name: 'protocol', kind: 'text', choices: ['auto', 'LL', 'LL128', 'Simple'] },
    { flag: '--fidelity', name: 'fidelity', kind: 'text', choices: FIDELITY },
    { flag: '--concurrent-groups', name: 'concurrentGroups', kind: 'number' },
    { flag: '--compute-before', name: 'computeBefore', kind: 'text' },
  ];
  return <Controls values={values} controls={controls} set={(name, value) => change((r) => ({ ...r, collective: { ...r.collective, [name]: value } }))} />;
}

export function TrainForm({ values, catalogue, change }: { values: TrainSettings; catalogue: Catalogue; change: Change }) {
  const controls: Control[] = [
    { flag: '--model', name: 'model', kind: 'text', choices: catalogue.models },
    { flag: '--tp', name: 'tp', kind: 'number' },
    { flag: '--pp', name: 'pp', kind: 'number' },
    { flag: '--vpp', name: 'vpp', kind: 'optional-number' },
    { flag: '--dp', name: 'dp', kind: 'optional-number' },
    { flag: '--cp', name: 'cp', kind: 'optional-number' },
    { flag: '--ep', name: 'ep', kind: 'optional-number' },
    { flag: '--mbs', name: 'mbs', kind: 'number' },
    { flag: '--gbs', name: 'gbs', kind: 'number' },
    { flag: '--seq', name: 'seq', kind: 'number' },
    { flag: '--precision', name: 'precision', kind: 'text', choices: ['bf16', 'fp8'] },
    { flag: '--recompute', name: 'recompute', kind: 'text', choices: ['none', 'selective', 'full'] },
    { flag: '--zero', name: 'zero', kind: 'number', choices: ['0', '1', '2', '3'] },
    { flag: '--fidelity', name: 'fidelity', kind: 'text', choices: FIDELITY },
  ];
  return <Controls values={values} controls={controls} set={(name, value) => change((r) => ({ ...r, train: { ...r.train, [name]: value } }))} />;
}

export function ServeForm({ values, catalogue, change }: { values: ServeSettings; catalogue: Catalogue; change: Change }) {
  const controls: Control[] = [
    { flag: '--model', name: 'model', kind: 'text', choices: catalogue.models },
    { flag: '--tp', name: 'tp', kind: 'number' },
    { flag: '--replicas', name: 'replicas', kind: 'optional-number' },
    { flag: '--rate (req/s)', name: 'rateRps', kind: 'number' },
    { flag: '--requests', name: 'requests', kind: 'number' },
    { flag: '--input-len mean', name: 'inputMean', kind: 'number' },
    { flag: '--input-len sigma', name: 'inputSigma', kind: 'number' },
    { flag: '--output-len mean', name: 'outputMean', kind: 'number' },
    { flag: '--output-len sigma', name: 'outputSigma', kind: 'number' },
    { flag: '--precision', name: 'precision', kind: 'text', choices: ['bf16', 'fp8'] },
    { flag: '--kv-tiers', name: 'kvTiers', kind: 'text' },
    { flag: '--router', name: 'router', kind: 'text', choices: catalogue.routers },
    { flag: '--scheduler', name: 'scheduler', kind: 'text', choices: catalogue.schedulers },
    { flag: '--seed', name: 'seed', kind: 'number' },
    { flag: '--fidelity', name: 'fidelity', kind: 'text', choices: FIDELITY },
  ];
  return <Controls values={values} controls={controls} set={(name, value) => change((r) => ({ ...r, serve: { ...r.serve, [name]: value } }))} />;
}

export function ResilienceForm({ values, change }: { values: ResilienceSettings; change: Change }) {
  const controls: Control[] = [
    { flag: '--spares', name: 'spares', kind: 'number' },
    { flag: '--tokens (0: none)', name: 'tokens', kind: 'number' },
    { flag: '--seed', name: 'seed', kind: 'number' },
    { flag: '--runs', name: 'runs', kind: 'number' },
  ];
  return <Controls values={values} controls={controls} set={(name, value) => change((r) => ({ ...r, resilience: { ...r.resilience, [name]: value } }))} />;
}

export function ShareForm({ values, catalogue, change }: { values: ShareSettings; catalogue: Catalogue; change: Change }) {
  const controls: Control[] = [
    { flag: '--job (op:gpus:size[:algorithm], comma-separated)', name: 'jobs', kind: 'text' },
    { flag: '--placement', name: 'placement', kind: 'text', choices: catalogue.placements },
    { flag: '--seed', name: 'seed', kind: 'number' },
  ];
  return <Controls values={values} controls={controls} set={(name, value) => change((r) => ({ ...r, share: { ...r.share, [name]: value } }))} />;
}
