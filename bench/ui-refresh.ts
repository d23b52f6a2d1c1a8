/**
 * Web UI refresh benchmark: after an edit to a field, how long until the page shows the re-evaluated design and its
 * analytical run (describe, the topology picture and the collective or training figures, all in the worker). Measured in
 * the page, from the input event to the frame after React committed the new figures, over 40 edits each: a design field
 * on the design tab, and run settings on the run tab with the analytical collective and training results.
 */

import { launchChromium, serveUi } from '../test/browser.js';

const EDITS = 40;
const { url, server } = await serveUi();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const started = performance.now();
await page.goto(url);
await page.waitForSelector('table.figures', { timeout: 60_000 });

const count = async () => Number((await page.getAttribute('main', 'data-refresh-count')) ?? 0);

/** Types into a field back and forth, each time waiting for the refresh it causes. */
async function edits(selector: string, values: readonly [string, string]): Promise<Edit[]> {
  const times: Edit[] = [];
  for (let i = 0; i < EDITS; i++) {
    const before = await count();
    await page.fill(selector, values[i % 2] as string);
    await page.waitForFunction((n) => Number(document.querySelector('main')?.getAttribute('data-refresh-count') ?? 0) > n, before);
    const read = async (a: string) => Number(await page.getAttribute('main', a));
    times.push({ total: await read('data-refresh-ms'), arrived: await read('data-arrived-ms'), worker: await read('data-worker-ms') });
  }
  return times;
}

type Edit = { total: number; arrived: number; worker: number };
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const p90 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.9)];
/** Medians and p90 of the whole refresh, of the worker's share (read, build, describe, run) and of the round trip to the page. */
const summary = (t: Edit[]) => ({
  medianMs: median(t.map((e) => e.total)),
  p90Ms: p90(t.map((e) => e.total)),
  workerMedianMs: median(t.map((e) => e.worker)),
  arrivedMedianMs: median(t.map((e) => e.arrived)),
});

// A design field on the design tab: describe figures and the topology view (sigma, software WebGL here) redrawn.
const design = summary(await edits('input[data-path="scaleUp.bandwidthPerGpu"]', ['800GB/s', '875GB/s']));
// Run settings on the run tab: the analytical collective (1K:8G, 24 sizes) and training step beside them.
await page.click('#tab-run');
await page.waitForSelector('#live-results[data-kind="collective"]');
const collective = summary(await edits('#run-sizes', ['1K:4G', '1K:8G']));
await page.check('input[name="run-kind"][value="train"]');
await page.waitForSelector('#live-results[data-kind="train"]');
const train = summary(await edits('#run-gbs', ['512', '256']));
const wallMs = performance.now() - started;
await browser.close();
server.kill();
process.stdout.write(
  `${JSON.stringify({ case: 'ui-refresh', wallMs, edits: EDITS, system: 'al128', design, collective, train, medianMs: design.medianMs })}\n`,
);
