/** Messages between the page and its simulator workers, and the run settings the page edits (plain, cloneable data). */

import type { CollectiveOp, DescribeReport, Fidelity, LinkLoad, ResilienceReport, ServeReport, ShareReport, TrainReport } from '@supernode/core';
import type { TopologyPicture } from './picture.js';

/** `supernode collective` flags, with the CLI's defaults in DEFAULT_SETTINGS. */
export interface CollectiveSettings {
  readonly op: CollectiveOp;
  readonly group: string;
  readonly sizes: string;
  readonly algorithm: string;
  readonly protocol: string;
  readonly fidelity: Fidelity;
  readonly concurrentGroups: number;
  /** `--compute-before`: work before the collective (e.g. 10ms), which slow GPUs finish late; needed on a system with slow GPUs. */
  readonly computeBefore?: string;
}

/** `supernode train` flags the page offers; omitted counts are derived as the CLI derives them. */
export interface TrainSettings {
  readonly model: string;
  readonly tp: number;
  readonly pp: number;
  readonly vpp?: number;
  readonly dp?: number;
  readonly cp?: number;
  readonly ep?: number;
  readonly mbs: number;
  readonly gbs: number;
  readonly seq: number;
  readonly precision: 'bf16' | 'fp8';
  readonly recompute: 'none' | 'selective' | 'full';
  readonly zero: 0 | 1 | 2 | 3;
  readonly fidelity: Fidelity;
}

/** `supernode serve` flags the page offers: a seeded Poisson load of lognormal lengths. */
export interface ServeSettings {
  readonly model: string;
  readonly tp: number;
  readonly replicas?: number;
  readonly rateRps: number;
  readonly requests: number;
  /** Lognormal mean and sigma, as the CLI's `lognormal:MEAN:SIGMA`. */
  readonly inputMean: number;
  readonly inputSigma: number;
  readonly outputMean: number;
  readonly outputSigma: number;
  readonly precision: 'bf16' | 'fp8';
  readonly kvTiers: string;
  readonly router: string;
  readonly scheduler: string;
  readonly seed: number;
  readonly fidelity: Fidelity;
}

/** `supernode resilience` flags beyond the training plan (which it takes from TrainSettings). */
export interface ResilienceSettings {
  readonly spares: number;
  /** Tokens to train; 0 for none (the Monte-Carlo then simulates 30 days of compute). */
  readonly tokens: number;
  readonly seed: number;
  readonly runs: number;
}

/** `supernode share` flags: the jobs (as `--job op:gpus:size[:algorithm]`, comma- or line-separated), the placement and its seed. */
export interface ShareSettings {
  readonly jobs: string;
  readonly placement: string;
  readonly seed: number;
}

export type RunKind = 'collective' | 'train' | 'serve' | 'resilience' | 'share';

/** Kinds the live worker refreshes after every edit (closed forms); the others run on the Run button. */
export const LIVE_KINDS: readonly RunKind[] = ['collective', 'train'];

export interface RunSettings {
  readonly kind: RunKind;
  readonly collective: CollectiveSettings;
  readonly train: TrainSettings;
  readonly serve: ServeSettings;
  readonly resilience: ResilienceSettings;
  readonly share: ShareSettings;
}

/** A collective row as `supernode collective --json` prints it. */
export interface CollectiveRow {
  readonly bytes: number;
  readonly timeUs: number;
  readonly algbwGBps: number;
  readonly busbwGBps: number;
  readonly algorithm: string;
  readonly protocol: string;
  readonly fidelity: Fidelity;
  readonly ranks: number;
  readonly scaleOutGBpsPerGpu: number;
}

/** One bar of the training step's timeline: a device's forward, backward or weight-gradient work. */
export interface TimelineBar {
  readonly device: number;
  readonly kind: 'F' | 'B' | 'W' | 'F&B';
  readonly microbatch: number;
  readonly startMs: number;
  readonly endMs: number;
}

export type RunResult =
  | { readonly kind: 'collective'; readonly rows: readonly CollectiveRow[]; readonly busiest: readonly LinkLoad[]; readonly picture?: TopologyPicture }
  | { readonly kind: 'train'; readonly report: TrainReport; readonly timeline: readonly TimelineBar[]; readonly timelineDevices: number }
  | { readonly kind: 'serve'; readonly report: ServeReport }
  | { readonly kind: 'resilience'; readonly report: ResilienceReport }
  | { readonly kind: 'share'; readonly report: ShareReport };

/** A problem with the scenario or the run, worded as the CLI words it; `path` places it on a form field. */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface Evaluation {
  /** The scenario's fields with its preset merged in, before validation (what the form shows); undefined if unreadable. */
  readonly merged?: Record<string, unknown>;
  readonly problems: readonly Problem[];
  readonly describe?: DescribeReport;
  readonly picture?: TopologyPicture;
  /** The analytical run of the current settings, when asked for and the scenario is valid. */
  readonly run?: RunResult;
  readonly runProblem?: Problem;
  readonly workerMs: number;
}

export interface Catalogue {
  readonly schema: Record<string, unknown>;
  readonly presets: readonly { readonly id: string; readonly name: string; readonly description: string }[];
  readonly models: readonly string[];
  readonly ops: readonly string[];
  /** Algorithms of each op, from the collective algorithms registry. */
  readonly algorithms: Readonly<Record<string, readonly string[]>>;
  readonly routers: readonly string[];
  readonly schedulers: readonly string[];
  readonly kvTiers: readonly string[];
  /** Placement policies of `share`, from their registry. */
  readonly placements: readonly string[];
  readonly comparison: readonly string[];
}

/** One design in a comparison: its describe report and the analytical run of the shared settings. */
export interface CompareEntry {
  readonly label: string;
  readonly describe?: DescribeReport;
  readonly run?: RunResult;
  readonly problem?: string;
}

export type Request =
  | { readonly type: 'catalogue'; readonly id: number }
  | { readonly type: 'evaluate'; readonly id: number; readonly scenario: string; readonly file: string; readonly run?: RunSettings }
  | { readonly type: 'run'; readonly id: number; readonly scenario: string; readonly file: string; readonly run: RunSettings }
  | { readonly type: 'compare'; readonly id: number; readonly designs: readonly { label: string; scenario: string }[]; readonly run: RunSettings };

export type Reply =
  | { readonly type: 'catalogue'; readonly id: number; readonly catalogue: Catalogue }
  | { readonly type: 'evaluation'; readonly id: number; readonly evaluation: Evaluation }
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number; readonly label: string }
  | { readonly type: 'result'; readonly id: number; readonly result: RunResult }
  | { readonly type: 'compared'; readonly id: number; readonly entries: readonly CompareEntry[] }
  | { readonly type: 'failed'; readonly id: number; readonly problem: Problem };
