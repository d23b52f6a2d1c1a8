/** `npm run studies:update [name...]`: reruns each study's commands, rewrites its expected figures, then the blocks docs/studies.md quotes. */

import { readFileSync, writeFileSync } from 'node:fs';
import { spliceStudies } from './studies/render.js';
import { differences, runStudy } from './studies/run.js';
import { readStudy, studyFiles, writeExpected } from './studies/study-file.js';

const only = process.argv.slice(2);
for (const file of studyFiles()) {
  const study = readStudy(file);
  if (only.length > 0 && !only.includes(study.name)) continue;
  const started = performance.now();
  const figures = await runStudy(study);
  const changed = differences(study.expected, figures, study.tolerance).length;
  writeExpected(study, figures);
  process.stdout.write(
    `${file}: ${figures.size} figures, ${changed} changed beyond ${study.tolerance.toExponential()} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
const doc = 'docs/studies.md';
writeFileSync(doc, spliceStudies(readFileSync(doc, 'utf8'), studyFiles().map(readStudy)));
process.stdout.write(`wrote ${doc}\n`);
