/** The page's whole state (scenario text, run settings, comparison, tab), its defaults, and its round trip through the URL. */

import { type FieldValue, type FormValues, RUN_KINDS, type RunKind, type RunSettings } from './sim/protocol.js';

export type Tab = 'design' | 'run' | 'compare';

export interface UiState {
  /** The scenario as YAML: the source of truth the form edits and the CLI reads. */
  readonly scenario: string;
  /** What the scenario file is called in messages (the CLI prints the path it was given). */
  readonly file: string;
  readonly run: RunSettings;
  /** Designs side by side: preset ids, or 'current' for the scenario being edited. */
  readonly compare: readonly string[];
  /** Size every compared design to this many GPUs; when absent, to the smallest count all of them can be built at. */
  readonly compareGpus?: number;
  /** Each compared design at its own size instead. */
  readonly compareOwn?: boolean;
  readonly tab: Tab;
}

export const DEFAULT_STATE: UiState = {
  scenario: 'extends: al128\n',
  file: 'scenario.yaml',
  run: {
    kind: 'collective',
    // What a first visit shows set in each form; every other field takes its command's default.
    args: {
      collective: { op: 'allreduce', sizes: '1K:8G', fidelity: 'analytical' },
      train: { model: 'llama3-70b', tp: '8', pp: '4', mbs: '1', gbs: '256', seq: '8192' },
      'plan-train': { model: 'llama3-70b', gbs: '256', seq: '8192', top: '5' },
      'plan-serve': { model: 'deepseek-v3', slo: 'tpot=50ms', top: '5' },
      serve: { model: 'llama3-70b', tp: '8', rate: '20', requests: '400' },
      capacity: { model: 'llama3-70b', tp: '8', slo: 'tpot=50ms' },
      curve: { model: 'deepseek-v3' },
      resilience: { model: 'llama3-70b', tp: '8', pp: '4', mbs: '1', gbs: '256', seq: '8192', spares: '0' },
      share: { jobs: ['alltoall:48:1GiB', 'allreduce:48:1GiB'], placement: 'spread' },
    },
  },
  compare: ['current', 'hgx-h100', 'gb200-nvl72'],
  tab: 'design',
};

/** The state as a URL fragment: JSON in base64url (UTF-8 safe), so a link carries the whole design and its runs. */
export function encodeState(state: UiState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `#s=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The state a fragment carries, over the defaults; undefined when there is none or it cannot be read. */
export function decodeState(hash: string): UiState | undefined {
  const m = /^#s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m?.[1]) return undefined;
  try {
    const binary = atob(m[1].replace(/-/g, '+').replace(/_/g, '/'));
    const parsed = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as Partial<UiState>;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.scenario !== 'string') return undefined;
    return {
      ...DEFAULT_STATE,
      ...parsed,
      run: {
        kind: RUN_KINDS.includes(parsed.run?.kind as RunKind) ? (parsed.run?.kind as RunKind) : DEFAULT_STATE.run.kind,
        args: Object.fromEntries(RUN_KINDS.map((k) => [k, formValues(parsed.run?.args?.[k]) ?? DEFAULT_STATE.run.args[k]])) as RunSettings['args'],
      },
    };
  } catch {
    return undefined;
  }
}

/** A link's form values, kept only where each is text, a switch or a list of text (a link from an older page is ignored). */
function formValues(raw: unknown): FormValues | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const ok = (v: unknown): v is FieldValue => typeof v === 'string' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => ok(v))) as FormValues;
}
