/** What a run may ask of the front end that started it: where to report progress, and how to read a file a user named. */

/** Hears how far a run has come: `done` of `total` units, and what it is doing. Never changes the result. */
export type Progress = (done: number, total: number, label: string) => void;

/**
 * Reads the text of a file a user named (a model config.json, a trace, a list of lengths); `what` says what it is for
 * messages. A front end without files (a web page) throws a ConfigError saying so.
 */
export type ReadText = (path: string, what: string) => string;

export interface RunContext {
  readonly progress?: Progress;
  readonly readText?: ReadText;
  /** Flow transfer spans to keep per run for a trace (0 or absent: none). */
  readonly traceSpans?: number;
}
