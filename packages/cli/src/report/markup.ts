/** The CLI's one escaping helper for text put into the HTML and SVG it writes (plots): every value a user named reaches markup through it. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for an HTML or XML text node or a quoted attribute value: `&`, `<`, `>`, `"` and `'` become entities, so
 * a name such as `</title><script>` reads back as the same characters and never as markup.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}
