/** A run as the page holds it: its status, progress, result or problem, and how long it took. */

import type { Problem, RunResult } from './sim/protocol.js';

export interface RunState {
  readonly status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly progress?: { done: number; total: number; label: string };
  readonly result?: RunResult;
  readonly problem?: Problem;
  readonly elapsedMs?: number;
}
