/**
 * How an error message repeats a value a user gave: whole when short, else a short excerpt with an ellipsis and the
 * value's length, so a file that is not what it was named as (a private key given as a scenario) is never echoed whole.
 */

/** The most characters of a value a message repeats; 60 shows a name, a quantity or a line's start, and no more. */
export const EXCERPT_CHARS = 60;

/**
 * Characters a terminal would act on or that reorder text (C0 and C1 controls, DEL, bidirectional overrides and
 * isolates, line and paragraph separators): shown as `\uXXXX` so a message cannot rewrite the screen it is printed on.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 3;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}...`;
}

/**
 * A number as toLocaleString('en-US') shows it (thousands grouped, at most three decimals: 262,144; 0.25), without the
 * locale machinery, whose first use costs some 10 ms of a command's start-up. Past 1e21 (and for NaN or infinities)
 * it asks that machinery after all.
 */
export function grouped(n: number): string {
  if (!(Math.abs(n) < 1e21)) return n.toLocaleString('en-US');
  const [whole = '0', decimals = ''] = Math.abs(n).toFixed(3).split('.');
  const fraction = decimals.replace(/0+$/, '');
  const text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
  return n < 0 && text !== '0' ? `-${text}` : text;
}

const lengthNote = (text: string, max: number) => (text.length > max ? ` (${grouped(text.length)} characters)` : '');

/**
 * `text` quoted for a message: whole when at most `max` characters, else its first `max - 3`, `...` and its length.
 * Example: a 1,704-character PEM key shows as `'-----BEGIN PRIVATE KEY----- MIICdQIBADANBgkqhkiG9w0BAQEFAASC...'
 * (1,704 characters)`; excerpt('nvl72', 60, '"') is `"nvl72"` (JSON quoting and escapes).
 */
export function excerpt(text: string, max = EXCERPT_CHARS, quote: "'" | '"' = "'"): string {
  const short = cut(text, max);
  const quoted =
    quote === '"'
      ? JSON.stringify(short).replace(UNPRINTABLE, escapeChar)
      : `'${short.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(UNPRINTABLE, escapeChar)}'`;
  return `${quoted}${lengthNote(text, max)}`;
}

function escapeChar(c: string): string {
  return `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
}

/**
 * Any value for a message: a string as `excerpt` quotes it, anything else as its JSON (or its text, for what JSON
 * cannot show), cut the same way. Example: shownValue([1, 2]) is `[1,2]`; shownValue('8x') is `'8x'`.
 */
export function shownValue(value: unknown, quote: "'" | '"' = "'", max = EXCERPT_CHARS): string {
  if (typeof value === 'string') return excerpt(value, max, quote);
  const text = JSON.stringify(value) ?? String(value);
  return `${cut(text, max).replace(UNPRINTABLE, escapeChar)}${lengthNote(text, max)}`;
}
