/** The page's whole state (scenario text, run settings, comparison, tab), its defaults, and its round trip through the URL. */

import type { RunSettings } from './sim/protocol.js';

export type Tab = 'design' | 'run' | 'compare';

export interface UiState {
  /** The scenario as YAML: the source of truth the form edits and the CLI reads. */
  readonly scenario: string;
  /** What the scenario file is called in messages (the CLI prints the path it was given). */
  readonly file: string;
  readonly run: RunSettings;
  /** Designs side by side: preset ids, or 'current' for the scenario being edited. */
  readonly compare: readonly string[];
  /** Size every compared design to this many GPUs (each design's own size when absent). */
  readonly compareGpus?: number;
  readonly tab: Tab;
}

export const DEFAULT_STATE: UiState = {
  scenario: 'extends: al128\n',
  file: 'scenario.yaml',
  run: {
    kind: 'collective',
    collective: { op: 'allreduce', group: 'all', sizes: '1K:8G', algorithm: 'auto', protocol: 'auto', fidelity: 'analytical', concurrentGroups: 1 },
    train: { model: 'llama3-70b', tp: 8, pp: 4, mbs: 1, gbs: 256, seq: 8192, precision: 'bf16', recompute: 'selective', zero: 1, fidelity: 'analytical' },
    serve: {
      model: 'llama3-70b',
      tp: 8,
      rateRps: 20,
      requests: 400,
      inputMean: 2048,
      inputSigma: 0.8,
      outputMean: 256,
      outputSigma: 0.8,
      precision: 'bf16',
      kvTiers: 'hbm',
      router: 'least-load',
      scheduler: 'chunked-prefill',
      seed: 1,
      fidelity: 'analytical',
    },
    resilience: { spares: 0, tokens: 0, seed: 1, runs: 200 },
    share: { jobs: 'alltoall:48:1GiB, allreduce:48:1GiB', placement: 'spread', seed: 1 },
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
        ...DEFAULT_STATE.run,
        ...parsed.run,
        collective: { ...DEFAULT_STATE.run.collective, ...parsed.run?.collective },
        train: { ...DEFAULT_STATE.run.train, ...parsed.run?.train },
        serve: { ...DEFAULT_STATE.run.serve, ...parsed.run?.serve },
        resilience: { ...DEFAULT_STATE.run.resilience, ...parsed.run?.resilience },
        share: { ...DEFAULT_STATE.run.share, ...parsed.run?.share },
      },
    };
  } catch {
    return undefined;
  }
}
