/** Messages between the page and its simulator workers, and the run settings the page edits (plain, cloneable data). */

import type {
  ArgField,
  CapacityReport,
  Curve,
  DescribeReport,
  Fidelity,
  HealthyCollective,
  LinkLoad,
  PlanServeReport,
  PlanTrainReport,
  ResilienceReport,
  ServeCommandReport,
  ShareReport,
  TrainCommandReport,
} from '@supernode/core';
import type { TopologyPicture } from './picture.js';

/** The run kinds the page offers: each a command of core's registry, its form generated from the command's arguments. */
export const RUN_KINDS = ['collective', 'train', 'plan-train', 'serve', 'plan-serve', 'capacity', 'curve', 'resilience', 'share'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** Kinds the live worker refreshes after every edit (closed forms); the others run on the Run button. */
export const LIVE_KINDS: readonly RunKind[] = ['collective', 'train'];

/** A form value as typed: text, yes/no, or the lines of a repeatable field; a field left out takes the command's default. */
export type FieldValue = string | boolean | readonly string[];
export type FormValues = Readonly<Record<string, FieldValue>>;

export interface RunSettings {
  readonly kind: RunKind;
  /** Each kind's arguments as the user set them (names as the command definitions spell them: `tp`, `inputLen`). */
  readonly args: Readonly<Record<RunKind, FormValues>>;
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
  | {
      readonly kind: 'collective';
      readonly rows: readonly CollectiveRow[];
      readonly healthy?: readonly HealthyCollective[];
      readonly busiest: readonly LinkLoad[];
      readonly picture?: TopologyPicture;
    }
  | { readonly kind: 'train'; readonly report: TrainCommandReport; readonly timeline: readonly TimelineBar[]; readonly timelineDevices: number }
  | { readonly kind: 'serve'; readonly report: ServeCommandReport }
  | { readonly kind: 'capacity'; readonly report: CapacityReport }
  | { readonly kind: 'curve'; readonly report: Curve }
  | { readonly kind: 'plan-train'; readonly report: PlanTrainReport }
  | { readonly kind: 'plan-serve'; readonly report: PlanServeReport }
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

/** A run kind's form: the command's description and its arguments as plain data, from core's command definitions. */
export interface RunForm {
  readonly description: string;
  readonly fields: readonly ArgField[];
}

export interface Catalogue {
  readonly schema: Record<string, unknown>;
  readonly presets: readonly { readonly id: string; readonly name: string; readonly description: string }[];
  readonly models: readonly string[];
  readonly forms: Readonly<Record<RunKind, RunForm>>;
  readonly comparison: readonly string[];
}

/** One design in a comparison: its describe report and the analytical run of the shared settings. */
export interface CompareEntry {
  readonly label: string;
  readonly describe?: DescribeReport;
  readonly run?: RunResult;
  readonly problem?: string;
}

/** A sweep spec checked in the worker: what the page needs to run its points and show them. */
export interface SweepPlan {
  readonly name: string;
  readonly command: string;
  /** Every point, in the spec's order: its index, its identity (`key`) and its axis values. */
  readonly points: readonly { readonly index: number; readonly key: string; readonly params: Readonly<Record<string, unknown>> }[];
  readonly objectives: readonly { readonly metric: string; readonly goal: 'min' | 'max' }[];
  /** Every metric a point reports (the command's, the system's, `feasible`), with its meaning and unit. */
  readonly metrics: Readonly<Record<string, { readonly description: string; readonly kind: 'number' | 'bool' | 'text' }>>;
}

/** One point's outcome, as `supernode sweep` stores it. */
export interface SweepPointResult {
  readonly index: number;
  readonly key: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: 'ok' | 'failed';
  readonly error?: string;
  readonly metrics: Readonly<Record<string, number | boolean | string>>;
  readonly feasible: boolean;
  readonly violations: readonly string[];
}

export type Request =
  | { readonly type: 'catalogue'; readonly id: number }
  | { readonly type: 'evaluate'; readonly id: number; readonly scenario: string; readonly file: string; readonly run?: RunSettings }
  | { readonly type: 'run'; readonly id: number; readonly scenario: string; readonly file: string; readonly run: RunSettings }
  | {
      readonly type: 'compare';
      readonly id: number;
      readonly designs: readonly { label: string; scenario: string }[];
      readonly run: RunSettings;
      /** Size every design to one GPU count: the smallest that is whole deployment units of each and holds the largest. */
      readonly alike: boolean;
    }
  | { readonly type: 'sweep-plan'; readonly id: number; readonly spec: string; readonly file: string }
  | { readonly type: 'sweep-points'; readonly id: number; readonly spec: string; readonly file: string; readonly indices: readonly number[] };

export type Reply =
  | { readonly type: 'catalogue'; readonly id: number; readonly catalogue: Catalogue }
  | { readonly type: 'evaluation'; readonly id: number; readonly evaluation: Evaluation }
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number; readonly label: string }
  | { readonly type: 'result'; readonly id: number; readonly result: RunResult }
  | { readonly type: 'compared'; readonly id: number; readonly entries: readonly CompareEntry[]; readonly gpus?: number }
  | { readonly type: 'failed'; readonly id: number; readonly problem: Problem }
  | { readonly type: 'sweep-plan'; readonly id: number; readonly plan: SweepPlan }
  | { readonly type: 'sweep-results'; readonly id: number; readonly results: readonly SweepPointResult[] };
