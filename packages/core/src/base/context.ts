/** What a run may ask of the front end that started it: where to report progress, and how to read a file a user named, whole or line by line. */

/** Hears how far a run has come: `done` of `total` units, and what it is doing. Never changes the result. */
export type Progress = (done: number, total: number, label: string) => void;

/**
 * Reads the text of a file a user named (a model config.json, a trace, a list of lengths); `what` says what it is for
 * messages. A front end without files (a web page) throws a ConfigError saying so.
 */
export type ReadText = (path: string, what: string) => string;

/**
 * The lines of a file a user named, without their line breaks, read as they are walked so its text is never held whole
 * (a request trace of a gigabyte); each walk starts from the top, and leaving a walk early stops reading.
 */
export interface TextLines extends Iterable<string> {
  /** The file's size in bytes. */
  readonly bytes: number;
  /** Bytes the walk under way has read so far (for progress). */
  readonly bytesRead: number;
}

/**
 * Opens a file a user named to be read line by line; `what` says what it is for messages. A front end without files (a
 * web page) leaves it out, and runs fall back to `readText`.
 */
export type ReadLines = (path: string, what: string) => TextLines;

export interface RunContext {
  readonly progress?: Progress;
  readonly readText?: ReadText;
  readonly readLines?: ReadLines;
  /** Flow transfer spans to keep per run for a trace (0 or absent: none). */
  readonly traceSpans?: number;
}
