/** `npm run docs`: rewrites every generated document (docs/accuracy.md, ...) from the project's own output; run from the repository root. */

import { writeFileSync } from 'node:fs';
import { generatedDocs } from './generated-docs.js';

for (const doc of generatedDocs) {
  writeFileSync(doc.file, await doc.text());
  process.stdout.write(`wrote ${doc.file}\n`);
}
