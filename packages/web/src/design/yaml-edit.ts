/** Edits to scenario YAML that keep the user's comments and order: set or clear one field by its path. */

import { isMap, parseDocument } from 'yaml';

export type FieldValue = string | number | boolean | readonly string[];

/** The text with the field at `path` set, or removed (back to the preset's or default value) when `value` is undefined. */
export function setField(text: string, path: readonly (string | number)[], value: FieldValue | undefined): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`the YAML does not parse (${doc.errors[0]?.message.split('\n')[0]}); fix it in the text first`);
  if (!isMap(doc.contents) && doc.contents !== null) throw new Error('the scenario is not a mapping of fields; fix it in the text first');
  if (value === undefined) {
    doc.deleteIn(path);
    // A section left empty goes too, so the text stays what one would write.
    for (let depth = path.length - 1; depth > 0; depth--) {
      const parent = doc.getIn(path.slice(0, depth));
      if (isMap(parent) && parent.items.length === 0) doc.deleteIn(path.slice(0, depth));
    }
  } else {
    doc.setIn(path, Array.isArray(value) ? doc.createNode([...value]) : value);
  }
  return String(doc);
}

/** What a typed value becomes in YAML: a number when it reads as one, else the text (so the schema words the mismatch). */
export function typedValue(text: string): string | number {
  const t = text.trim();
  return t !== '' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : text;
}
