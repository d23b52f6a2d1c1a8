/**
 * Every HTML and SVG the project writes stays inert whatever a user names things: a `<script>`, quotes and `&` in a
 * sweep's name, a design's name or a label read back as the same text, and no element appears that the writer did not put there.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@supernode/cli';
import { buildSystem, describeSystem, loadScenario } from '@supernode/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLOT_POLICY } from '../packages/cli/src/commands/pareto.js';
import { scatterSvg } from '../packages/cli/src/report/scatter-svg.js';
import { REPORT_POLICY, reportHtml } from '../packages/web/src/report/html-report.js';
import type { TopologyPicture } from '../packages/web/src/sim/picture.js';
import { DEFAULT_STATE } from '../packages/web/src/state.js';
import { pictureSvg } from '../scripts/topology-svg.js';
import { elementNames, elementsNamed, type MarkupElement, parseMarkup, textOf } from './markup.js';

/** A name that, written unescaped, closes the title, runs a script, breaks out of an attribute and leaves a bare `&`. */
const HOSTILE = `</title><script>alert("x")</script> & 'q' <b onclick="y">`;
/** The content security policy a document's head declares, if any. */
const policyOf = (doc: MarkupElement) => elementsNamed(doc, 'meta').find((m) => m.attributes['http-equiv'] === 'Content-Security-Policy')?.attributes.content;
const dir = mkdtempSync(join(tmpdir(), 'supernode-markup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseMarkup', () => {
  it('parseMarkup finds the script element an unescaped name makes, and refuses a stray < or a bare &', () => {
    const doc = parseMarkup(`<!doctype html><html><head><title>${HOSTILE.split(' &')[0]}</head></html>`);
    expect(elementsNamed(doc, 'script').map(textOf)).toEqual(['alert("x")']);
    expect(() => parseMarkup('<p>a < b</p>')).toThrow(/stray '<'/);
    expect(() => parseMarkup('<p>a & b</p>')).toThrow(/bare '&'/);
    expect(() => parseMarkup('<p><b></p>')).toThrow(/closes <b>/);
  });

  it('parseMarkup decodes entities in text and attribute values', () => {
    const doc = parseMarkup('<svg><text a="&quot;&#39;&lt;">x &amp; &#60;y&gt;</text></svg>');
    const [text] = elementsNamed(doc, 'text');
    expect([text?.attributes.a, text && textOf(text)]).toEqual([`"'<`, 'x & <y>']);
  });
});

describe('scatterSvg', () => {
  it('scatterSvg keeps a hostile title, axis labels and point labels as text', () => {
    const svg = scatterSvg([{ x: 1, y: 2, label: HOSTILE }], [{ x: 1, y: 2, label: HOSTILE }], HOSTILE, `${HOSTILE}y`, HOSTILE);
    const doc = parseMarkup(svg);
    expect([...elementNames(doc)].sort()).toEqual(['circle', 'line', 'rect', 'svg', 'text', 'title']);
    const texts = elementsNamed(doc, 'text').map(textOf);
    expect(texts).toContain(HOSTILE);
    expect(texts).toContain(`${HOSTILE}y`);
    expect(elementsNamed(doc, 'title').map(textOf)).toEqual([HOSTILE, HOSTILE, HOSTILE]);
  });
});

describe('supernode pareto --plot', () => {
  const spec = join(dir, 'hostile.yaml');
  // A sweep's name is a plain file name (no '/'), so markup without closing tags: '<title><script>alert("x")<b ...>'.
  const name = HOSTILE.replace(/\//g, '');
  writeFileSync(
    spec,
    `name: ${JSON.stringify(name)}
command: describe
system: hgx-h100
axes: [ { path: gpus, values: [8, 16, 32] } ]
`,
  );
  const results = join(dir, 'hostile.duckdb');

  const run = async (...argv: string[]) => {
    const err: string[] = [];
    const code = await main(argv, { out: () => {}, err: (t) => err.push(t) });
    expect(code, err.join('\n')).toBe(0);
  };
  beforeAll(() => run('sweep', spec, '--out', results, '--workers', '1', '--json'));

  it.each(['html', 'svg'])('main pareto --plot x.%s writes a sweep name with a script in it as text', async (ext) => {
    const plot = join(dir, `front.${ext}`);
    await run('pareto', results, '--x', 'gpus', '--y', 'capexUsd', '--minimize', 'capexUsd', '--plot', plot);
    const doc = parseMarkup(readFileSync(plot, 'utf8'));
    expect(elementsNamed(doc, 'script')).toEqual([]);
    expect(elementsNamed(doc, 'b')).toEqual([]);
    const titles = elementsNamed(doc, 'title').map(textOf);
    expect(titles).toContain(`${name}: Pareto front`);
    if (ext === 'html') {
      expect(titles[0]).toBe(name);
      expect(policyOf(doc)).toBe(PLOT_POLICY);
      expect(PLOT_POLICY).toMatch(/^default-src 'none'/);
    }
  });
});

describe('reportHtml', () => {
  it("reportHtml writes a hostile design name, file name and scenario as text, and the page's address as one attribute", async () => {
    const scenario = `extends: hgx-h100\nname: ${JSON.stringify(HOSTILE)}\ngpus: 16\n`;
    const describeReport = describeSystem(buildSystem(loadScenario(scenario, 'hostile.yaml')));
    const url = `http://127.0.0.1:5170/#"><script>x</script>`;
    const html = await reportHtml({
      state: { ...DEFAULT_STATE, scenario, file: HOSTILE },
      evaluation: { problems: [], describe: describeReport },
      run: undefined,
      url,
    });
    const doc = parseMarkup(html);
    expect(elementsNamed(doc, 'script')).toEqual([]);
    expect(elementsNamed(doc, 'b')).toEqual([]);
    expect(elementsNamed(doc, 'title').map(textOf)).toEqual([`${HOSTILE} report`]);
    expect(elementsNamed(doc, 'h1').map(textOf)).toEqual([HOSTILE]);
    expect(elementsNamed(doc, 'pre').map(textOf)).toEqual([scenario]);
    expect(elementsNamed(doc, 'h2').map(textOf)).toContain(`Scenario (${HOSTILE})`);
    expect(elementsNamed(doc, 'a').map((a) => a.attributes.href)).toEqual([url]);
    expect(policyOf(doc)).toBe(REPORT_POLICY);
    expect(REPORT_POLICY).toMatch(/^default-src 'none'/);
  });
});

describe('pictureSvg', () => {
  it('pictureSvg writes a hostile title, row and node label as text', () => {
    const picture: TopologyPicture = {
      rows: [HOSTILE, 'switches'],
      nodes: [
        { key: 'a', label: HOSTILE, row: HOSTILE, kind: 'gpu', count: 8, x: 0.2, y: 0 },
        { key: 'b', label: 'leaf', row: 'switches', kind: 'switch', count: 1, x: 0.5, y: 1 },
      ],
      edges: [{ source: 'a', target: 'b', layer: 'scale-out', capacityGBps: 400 }],
      topologyNodes: 9,
      topologyLinks: 8,
    };
    const doc = parseMarkup(pictureSvg(picture, HOSTILE));
    expect(elementsNamed(doc, 'script')).toEqual([]);
    expect(elementsNamed(doc, 'title').map(textOf)).toEqual([HOSTILE, HOSTILE, 'leaf']);
    expect(elementsNamed(doc, 'text').map(textOf)).toEqual([HOSTILE, 'scale-out links', HOSTILE, 'switches', HOSTILE]);
  });
});
