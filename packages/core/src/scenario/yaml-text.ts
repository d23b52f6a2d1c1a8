/** Data as YAML text for a scenario file a command writes: an optional header comment and a comment after chosen values. */

import { Document } from 'yaml';

export interface YamlComment {
  readonly path: readonly (string | number)[];
  readonly text: string;
}

/**
 * `data` as YAML, long lines kept whole, `header` as the comment above the first key and each comment after the value
 * at its path. Example: `{ scaleUp: { protocolEfficiency: 0.96 } }` with a comment at [scaleUp, protocolEfficiency]
 * prints `  protocolEfficiency: 0.96 # fitted ...`.
 */
export function yamlText(data: unknown, options: { readonly header?: string; readonly comments?: readonly YamlComment[] } = {}): string {
  const doc = new Document(data);
  if (options.header) doc.commentBefore = options.header;
  for (const c of options.comments ?? []) {
    const node = doc.getIn(c.path, true) as { comment?: string } | undefined;
    if (node) node.comment = ` ${c.text}`;
  }
  return doc.toString({ lineWidth: 0 });
}
