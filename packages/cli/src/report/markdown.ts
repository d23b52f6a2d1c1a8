/** Markdown tables (GitHub-flavoured): a header, an alignment row and one line per row, with pipes in cells escaped. */

/** A cell as Markdown table text: pipes escaped, line breaks folded into spaces. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A table; columns named in `right` are right-aligned (numbers). */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  const align = head.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [line(head), `|${align.join('|')}|`, ...rows.map(line)].join('\n');
}
