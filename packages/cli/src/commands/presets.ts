/** `supernode presets`: every built-in system with its description and source. */

import { systemPresets } from '@supernode/core';
import { table } from '../report/table.js';

export function runPresets(options: { json?: boolean }): string {
  const rows = systemPresets.entries.map((p) => ({ id: p.id, description: p.description, source: p.source, assumptions: p.assumptions }));
  if (options.json) return JSON.stringify(rows, null, 2);
  return table(
    ['preset', 'description', 'source'],
    rows.map((r) => [r.id, wrap(r.description, 60), wrap(r.source, 50)]),
  );
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line.length > 0) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
