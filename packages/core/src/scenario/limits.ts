/**
 * Guards on scenario text before the YAML parser sees it: size, binary content and nesting depth, each refused with
 * one message that says where and what a scenario looks like, so hostile files fail fast instead of exhausting the
 * stack, the heap or the clock. Alias expansion is bounded where the document becomes data (load.ts).
 */

/**
 * A scenario is a few kB; 64 KiB leaves room for long descriptions and assumption lists, and keeps the worst file the
 * YAML parser can be handed (tens of thousands of keys) to a fraction of a second.
 */
export const MAX_SCENARIO_CHARS = 1 << 16;
/** Collections nest 3-4 deep in a scenario; 64 is far past that and far below what exhausts the parser's stack. */
export const MAX_SCENARIO_DEPTH = 64;
/** Block nesting shows as indentation; 256 columns bounds it the same way for block-style YAML. */
export const MAX_SCENARIO_INDENT = 256;
/** Aliases a scenario may use (`*base` for shared blocks); expansion past this is refused as an alias bomb. */
export const MAX_SCENARIO_ALIASES = 64;

export interface TextProblem {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** The first reason `text` cannot be a scenario, or undefined. */
export function checkScenarioText(text: string): TextProblem | undefined {
  if (text.length > MAX_SCENARIO_CHARS) {
    return {
      line: 1,
      col: 1,
      message: `the file holds ${text.length.toLocaleString('en-US')} characters; a scenario is at most ${MAX_SCENARIO_CHARS.toLocaleString('en-US')} (64 KiB)`,
    };
  }
  return binaryContent(text) ?? deepNesting(text);
}

/** NUL, other control characters (tab, line feed and carriage return aside) or undecodable bytes mean a binary file. */
function binaryContent(text: string): TextProblem | undefined {
  let at = 0;
  while (at < text.length && !isBinary(text.charCodeAt(at))) at++;
  if (at === text.length) return undefined;
  const { line, col } = lineCol(text, at);
  const code = (text.codePointAt(at) as number).toString(16).toUpperCase().padStart(4, '0');
  return { line, col, message: `not a text file: character U+${code} is not UTF-8 text; expected a YAML or JSON scenario` };
}

/** C0 controls but tab (9), line feed (10) and carriage return (13); DEL; the replacement character of undecodable bytes. */
function isBinary(code: number): boolean {
  return (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0x7f || code === 0xfffd;
}

/**
 * Flow nesting ([ and { outside quotes and comments) and indentation, in one pass.
 * Example: `a: [[[1]]]` nests 3 deep; a line starting with 300 spaces is indented 300 columns.
 */
function deepNesting(text: string): TextProblem | undefined {
  let depth = 0;
  let quote = '';
  let comment = false;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') {
      comment = false;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && ch === ' ') {
      if (++indent > MAX_SCENARIO_INDENT) return tooDeep(text, i, `indented more than ${MAX_SCENARIO_INDENT} columns`);
      continue;
    }
    lineStart = false;
    if (comment) continue;
    if (quote !== '') {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if ((ch === '"' || ch === "'") && startsToken(text, i)) quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) comment = true;
    else if (ch === '[' || ch === '{') {
      if (++depth > MAX_SCENARIO_DEPTH) return tooDeep(text, i, `nested more than ${MAX_SCENARIO_DEPTH} levels deep`);
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** A quote opens a quoted scalar only where a token starts (after a space or an indicator), not inside `don't`. */
function startsToken(text: string, at: number): boolean {
  return at === 0 || /[\s[{,:\-?]/.test(text[at - 1] as string);
}

function tooDeep(text: string, at: number, what: string): TextProblem {
  const { line, col } = lineCol(text, at);
  return { line, col, message: `the document is ${what}; a scenario nests a few levels (system, scaleUp, bandwidthPerGpu)` };
}

function lineCol(text: string, at: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: at - start + 1 };
}
