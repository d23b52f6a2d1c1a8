/** The web package's one escaping helper for text put into markup it builds as a string (the HTML report; the docs' topology picture). */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for an HTML or XML text node or a quoted attribute value: `&`, `<`, `>`, `"` and `'` become entities, so
 * a design named `</title><script>` reads back as the same characters and never as markup.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}
