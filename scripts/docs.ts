/** `npm run docs`: rewrites every generated document (docs/accuracy.md, docs/cli.md, docs/scenario-reference.md, the study blocks of docs/studies.md, the README's picture) and the example trace (examples/mooncake-trace.jsonl) from the project's own output; run from the repository root. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generatedDocs } from './generated-docs.js';

for (const doc of generatedDocs) {
  mkdirSync(dirname(doc.file), { recursive: true });
  writeFileSync(doc.file, await doc.text());
  process.stdout.write(`wrote ${doc.file}\n`);
}
