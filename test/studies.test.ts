/** The studies: each study's commands, run through the CLI's own entry in this process, print its expected figures within its tolerance. */

import { describe, expect, it } from 'vitest';
import { keepFigures, parsePath } from '../scripts/studies/paths.js';
import { renderTable } from '../scripts/studies/render.js';
import { differences, runStudy, withinTolerance } from '../scripts/studies/run.js';
import { parseStudy, readStudy, shellWords, studyFiles } from '../scripts/studies/study-file.js';

describe('study files', () => {
  it('parsePath splits on dots, keeping a bracketed key whole', () => {
    expect(parsePath('best.*.[system.scaleUp.domainSize]')).toEqual(['best', '*', 'system.scaleUp.domainSize']);
    expect(() => parsePath('a..b')).toThrow(/empty segment/);
  });

  it('keepFigures keeps the leaves under each path in output order, lists of scalars whole, and names a missing key', () => {
    const out = [
      { tiers: ['hbm'], ttftMs: { p50: 192, p90: 380 } },
      { tiers: ['hbm', 'cxl'], ttftMs: { p50: 141, p90: 241 } },
    ];
    // Expected in the order the output holds them, not the order of the keep list.
    expect([...keepFigures(out, ['*.ttftMs', '*.tiers'])]).toEqual([
      ['0.tiers', ['hbm']],
      ['0.ttftMs.p50', 192],
      ['0.ttftMs.p90', 380],
      ['1.tiers', ['hbm', 'cxl']],
      ['1.ttftMs.p50', 141],
      ['1.ttftMs.p90', 241],
    ]);
    expect(() => keepFigures(out, ['*.tpotMs'])).toThrow(/no 'tpotMs' at '0'; it has tiers, ttftMs/);
  });

  it('shellWords splits as a shell does for quoted lists', () => {
    expect(shellWords(`supernode serve --compare-tiers 'hbm;hbm,cxl' --x "a b"`)).toEqual([
      'supernode',
      'serve',
      '--compare-tiers',
      'hbm;hbm,cxl',
      '--x',
      'a b',
    ]);
  });

  it('differences reports a number beyond the relative tolerance, a changed text and a figure one side lacks', () => {
    // 1 + 1e-6 against 1 is at the tolerance (kept); 1 + 3e-6 is past it.
    expect(withinTolerance(1, 1 + 1e-6, 1.5e-6)).toBe(true);
    const expected = new Map<string, number | string>([
      ['a', 1],
      ['b', 'ring'],
      ['c', 2],
    ]);
    const actual = new Map<string, number | string>([
      ['a', 1 + 3e-6],
      ['b', 'tree'],
      ['d', 0],
    ]);
    expect(differences(expected, actual, 1e-6).map((d) => d.figure)).toEqual(['a', 'b', 'c', 'd']);
    expect(differences(expected, expected, 0)).toEqual([]);
  });

  it('renderTable prints a row per match, numbers right-aligned, and a change against the first row', () => {
    const study = parseStudy(
      `title: t
question: q
scenario: s
commands: [{ id: tiers, run: supernode serve --json, keep: ['*'] }]
tables: [{ rows: 'tiers.*', columns: [{ label: tiers, path: '{row}.tiers' }, { label: p50, path: '{row}.p50' }, { label: vs first, path: '{row}.p50', change: first }] }]
expected:
  tiers.0.tiers: [hbm]
  tiers.0.p50: 200
  tiers.1.tiers: [hbm, cxl]
  tiers.1.p50: 150
`,
      'studies/t.yaml',
    );
    expect(renderTable(study, study.tables[0] as (typeof study.tables)[0])).toBe(
      ['| tiers | p50 | vs first |', '|---|---:|---:|', '| hbm | 200 | - |', '| hbm, cxl | 150 | -25.0% |'].join('\n'),
    );
  });
});

describe('studies/', () => {
  const files = studyFiles();

  it('studies/ holds the studies docs/studies.md quotes', () => {
    expect(files.map((f) => readStudy(f).name)).toEqual(
      expect.arrayContaining(['cxl-kv-cache', 'scale-up-domain-size', 'network-layers', 'resilience', 'shared-cluster']),
    );
  });

  it.each(files)(
    '%s: its commands print the expected figures (refresh: npm run studies:update)',
    async (file) => {
      const study = readStudy(file);
      expect(study.expected.size, `${file} has no expected figures: run npm run studies:update`).toBeGreaterThan(0);
      const actual = await runStudy(study);
      expect(differences(study.expected, actual, study.tolerance)).toEqual([]);
      // The domain-size study runs three sweeps, one a plan search per design: half a minute on 2 cores when idle.
    },
    240_000,
  );
});
