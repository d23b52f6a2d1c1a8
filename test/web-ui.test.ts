/**
 * The web UI in a real browser (Debian's Chromium): load the page served by `supernode ui`, pick a preset, edit a field,
 * run a collective, a training step and a serving load and check the numbers equal the CLI's for the same scenario, see
 * an invalid field's error worded as the CLI words it, cancel a run, share the state by URL, export a report, read sweep
 * results, reach the controls by keyboard, and take screenshots at 1280x800 and on a narrow screen; no console errors.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../packages/cli/src/commands/ui.js';
import { main } from '../packages/cli/src/main.js';
import { launchChromium, root, serveUi } from './browser.js';

const OUT = join(root, 'test-output');
let browser: Browser;
let server: ChildProcess;
let url: string;
let page: Page;
const consoleErrors: string[] = [];
/** Each answer's URL and its Content-Security-Policy header, and what the page's policy refused (none, if the policy fits the page). */
const policies: { url: string; csp: string | undefined }[] = [];
const work = mkdtempSync(join(tmpdir(), 'supernode-ui-'));

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  ({ url, server } = await serveUi());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) consoleErrors.push(`${r.status()} ${r.url()}`);
    if (r.url().startsWith(url)) policies.push({ url: r.url(), csp: r.headers()['content-security-policy'] });
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  await page.waitForSelector('table.figures', { timeout: 30_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

/**
 * The CLI's answer for the same scenario: its `main`, the function the `supernode` process runs, with its stdout and
 * stderr as that process writes them (each line ended). One process start per call would double the test's time;
 * test/cli-process.test.ts runs the process itself.
 */
async function supernode(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (t) => stdout.push(`${t}\n`), err: (t) => stderr.push(`${t}\n`) });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const figure = (label: string) => page.locator(`#panel-design tr[data-figure="${label}"] td`).first().textContent();

/** The scenario the page holds, written where the CLI can read it. */
async function scenarioFile(): Promise<string> {
  await page.click('#tab-design');
  const file = join(work, 'scenario.yaml');
  writeFileSync(file, await page.inputValue('#scenario-text'));
  return file;
}

/** Opens the "more settings" a run field may sit under, so it can be edited as a user would. */
async function revealRun(name: string): Promise<string> {
  const id = `#run-${name}`;
  await page.evaluate((sel) => document.querySelector(sel)?.closest('details')?.setAttribute('open', ''), id);
  return id;
}

async function fillRun(name: string, value: string): Promise<void> {
  await page.fill(await revealRun(name), value);
}

async function selectRun(name: string, value: string): Promise<void> {
  await page.selectOption(await revealRun(name), value);
}

async function waitForAttribute(selector: string, attribute: string, expected: string, timeout = 30_000): Promise<string | null> {
  try {
    await page.waitForFunction(([s, a, e]) => document.querySelector(s as string)?.getAttribute(a as string) === e, [selector, attribute, expected], {
      timeout,
    });
  } catch {
    // fall through: the assertion below shows what the page holds
  }
  return page.getAttribute(selector, attribute);
}

describe('web UI in Chromium', () => {
  it('picks a preset and edits a field; the figures follow', async () => {
    await page.selectOption('#preset', 'hgx-h100');
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPU"]')?.textContent?.includes('H100'));
    await page.fill('input[data-path="gpus"]', '32');
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPUs"] td')?.textContent === '32');
    expect(await figure('servers')).toBe('4');
    expect(await page.inputValue('#scenario-text')).toBe('extends: hgx-h100\ngpus: 32\n');
    await page.screenshot({ path: join(OUT, 'ui-design-1280x800.png') });
  });

  it('an invalid field shows the error the CLI prints for the same file, and the run waits', async () => {
    await page.fill('input[data-path="gpus"]', '-8');
    const error = page.locator('.field.invalid .field-error');
    await error.waitFor({ timeout: 10_000 });
    const message = (await error.textContent()) ?? '';
    const file = await scenarioFile();
    const cli = await supernode('describe', file);
    expect(cli.code).toBe(2);
    expect(message).toMatch(/^scenario\.yaml:2:\d+: gpus: /);
    expect(cli.stderr).toContain(message.replace(/^scenario\.yaml/, file));
    await page.click('#tab-run');
    expect(await page.isDisabled('#run-button')).toBe(true);
    await page.click('#tab-design');
    await page.fill('input[data-path="gpus"]', '32');
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPUs"] td')?.textContent === '32');
  });

  it('collective results equal the CLI at analytical and flow fidelity, and the topology shows utilisation', async () => {
    const file = await scenarioFile();
    const analytical = JSON.parse(
      (await supernode('collective', '--system', file, '--op', 'allreduce', '--sizes', '64M,1G', '--fidelity', 'analytical', '--json')).stdout,
    );
    const flow = JSON.parse((await supernode('collective', '--system', file, '--op', 'allreduce', '--sizes', '64M,1G', '--fidelity', 'flow', '--json')).stdout);
    await page.click('#tab-run');
    await fillRun('sizes', '64M,1G');
    for (const row of analytical) {
      expect(await waitForAttribute(`#live-results tr[data-bytes="${row.bytes}"]`, 'data-busbw', String(row.busbwGBps))).toBe(String(row.busbwGBps));
    }
    await selectRun('fidelity', 'flow');
    await page.click('#run-button');
    await page.waitForSelector('.status[data-status="done"]', { timeout: 60_000 });
    for (const row of flow) {
      expect(await page.getAttribute(`#run-results tr[data-bytes="${row.bytes}"]`, 'data-busbw')).toBe(String(row.busbwGBps));
      expect(await page.getAttribute(`#run-results tr[data-bytes="${row.bytes}"]`, 'data-time-us')).toBe(String(row.timeUs));
    }
    expect(await page.locator('#run-results .topology-panel').count()).toBe(1);
    expect(await page.locator('#run-results figure.chart svg').count()).toBeGreaterThan(0);
  });

  it('a training step equals the CLI and draws its breakdown and timeline', async () => {
    const file = await scenarioFile();
    const cli = JSON.parse(
      (await supernode('train', '--system', file, '--model', 'llama3-8b', '--tp', '8', '--pp', '2', '--mbs', '1', '--gbs', '64', '--seq', '4096', '--json'))
        .stdout,
    );
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="train"]');
    await selectRun('model', 'llama3-8b');
    await fillRun('tp', '8');
    await fillRun('pp', '2');
    await fillRun('gbs', '64');
    await fillRun('seq', '4096');
    expect(await waitForAttribute('#live-results dl.metrics', 'data-iteration-s', String(cli.iterationTimeS))).toBe(String(cli.iterationTimeS));
    expect(await page.getAttribute('#live-results dl.metrics', 'data-mfu')).toBe(String(cli.mfu));
    await page.waitForFunction(() => document.querySelectorAll('#live-results figure.chart svg').length >= 2, undefined, { timeout: 20_000 });
    // The days to train a token count, as the CLI's --tokens reports them.
    await fillRun('tokens', '1e12');
    const plan = ['--model', 'llama3-8b', '--tp', '8', '--pp', '2', '--mbs', '1', '--gbs', '64', '--seq', '4096'];
    const days = (await supernode('train', '--system', file, ...plan, '--tokens', '1e12', '--json')).stdout;
    const expected = String(JSON.parse(days).timeToTrain.days);
    expect(await waitForAttribute('#live-results dd[data-days-to-train]', 'data-days-to-train', expected)).toBe(expected);
    await fillRun('tokens', '');
  });

  it('a straggling scenario lists its condition and slows the training step as the CLI does', async () => {
    await page.click('#tab-design');
    await page.fill('#scenario-text', 'extends: hgx-h100\ngpus: 32\nstragglers:\n  gpus: [{ gpu: 3, speed: 0.8 }]\n');
    await page.waitForSelector('#panel-design tr[data-figure="slowest GPU"]', { timeout: 20_000 });
    expect(await figure('slowest GPU')).toMatch(/^80 % of nominal \(GPU 3\)$/);
    const file = await scenarioFile();
    const cli = JSON.parse(
      (await supernode('train', '--system', file, '--model', 'llama3-8b', '--tp', '8', '--pp', '2', '--mbs', '1', '--gbs', '64', '--seq', '4096', '--json'))
        .stdout,
    );
    expect(cli.stragglers.slowdown).toBeGreaterThan(0);
    await page.click('#tab-run');
    const slowdown = String(cli.stragglers.slowdown);
    expect(await waitForAttribute('#live-results dd[data-straggler-slowdown]', 'data-straggler-slowdown', slowdown)).toBe(slowdown);
    expect(await page.getAttribute('#live-results dl.metrics', 'data-iteration-s')).toBe(String(cli.iterationTimeS));
    await page.click('#tab-design');
    await page.fill('#scenario-text', 'extends: hgx-h100\ngpus: 32\n');
    await page.waitForSelector('#panel-design tr[data-figure="slowest GPU"]', { state: 'detached', timeout: 20_000 });
  });

  it('a seeded serving run equals the CLI; a long run can be cancelled', async () => {
    const file = await scenarioFile();
    const cli = JSON.parse(
      (await supernode('serve', '--system', file, '--model', 'llama3-8b', '--tp', '1', '--rate', '10', '--requests', '200', '--seed', '3', '--json')).stdout,
    );
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="serve"]');
    await selectRun('model', 'llama3-8b');
    await fillRun('tp', '1');
    await fillRun('rate', '10');
    await fillRun('requests', '200');
    await fillRun('seed', '3');
    await page.click('#run-button');
    await page.waitForSelector('#run-results[data-kind="serve"]', { timeout: 60_000 });
    const table = '#run-results table[data-table="serve"]';
    expect(await page.getAttribute(table, 'data-ttft-p50')).toBe(String(cli.ttftMs.p50));
    expect(await page.getAttribute(table, 'data-tpot-p50')).toBe(String(cli.tpotMs.p50));
    expect(await page.getAttribute(table, 'data-output-tps')).toBe(String(cli.throughput.outputTokensPerSecPerGpu));
    expect(await page.getAttribute('#run-results p.availability', 'data-availability')).toBe(String(cli.availability.availability));
    // Past the work a run takes by default: refused at once, naming the flag; allowed, it runs long enough to cancel.
    await fillRun('requests', '200000');
    await page.click('#run-button');
    await page.waitForSelector('#run-error', { timeout: 30_000 });
    expect(await page.textContent('#run-error')).toMatch(/^requests: this run would simulate about 200,000 requests, .* give --allow-large/);
    await selectRun('allowLarge', 'true');
    await page.click('#run-button');
    await page.waitForSelector('.status[data-status="running"]');
    await page.click('text=Cancel');
    await page.waitForSelector('.status[data-status="cancelled"]', { timeout: 10_000 });
    await fillRun('requests', '200');
    await selectRun('allowLarge', '');
  });

  it('a shared-cluster run (jobs placed together, each against alone) equals the CLI', async () => {
    const file = await scenarioFile();
    const cli = JSON.parse(
      (await supernode('share', '--system', file, '--job', 'alltoall:16:64MiB', '--job', 'allreduce:16:64MiB', '--placement', 'spread', '--json')).stdout,
    );
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="share"]');
    await fillRun('jobs', 'alltoall:16:64MiB\nallreduce:16:64MiB');
    await selectRun('placement', 'spread');
    await page.click('#run-button');
    await page.waitForSelector('#run-results[data-kind="share"]', { timeout: 60_000 });
    const table = '#run-results table[data-table="share"]';
    expect(await page.getAttribute(table, 'data-max-slowdown')).toBe(String(cli.maxSlowdown));
    expect(await page.getAttribute(table, 'data-makespan-us')).toBe(String(cli.makespanUs));
    expect(await page.locator(`${table} tbody tr`).count()).toBe(2);
    await fillRun('jobs', 'alltoall:16:64MiB\nscatter:16:64MiB');
    await page.click('#run-button');
    await page.waitForSelector('#run-error', { timeout: 30_000 });
    expect(await page.textContent('#run-error')).toMatch(/jobs/);
    await fillRun('jobs', 'alltoall:16:64MiB\nallreduce:16:64MiB');
  });

  it('a resilience run (the training plan under failures) equals the CLI', async () => {
    const file = await scenarioFile();
    const args = [
      '--model',
      'llama3-8b',
      '--tp',
      '8',
      '--pp',
      '2',
      '--mbs',
      '1',
      '--gbs',
      '64',
      '--seq',
      '4096',
      '--spares',
      '8',
      '--seed',
      '2',
      '--tokens',
      '1e11',
    ];
    const cli = JSON.parse((await supernode('resilience', '--system', file, ...args, '--json')).stdout);
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="resilience"]');
    await selectRun('model', 'llama3-8b');
    await fillRun('tp', '8');
    await fillRun('pp', '2');
    await fillRun('gbs', '64');
    await fillRun('seq', '4096');
    await fillRun('spares', '8');
    await fillRun('seed', '2');
    await fillRun('tokens', '1e11');
    await page.click('#run-button');
    await page.waitForSelector('#run-results[data-kind="resilience"]', { timeout: 60_000 });
    const dl = '#run-results dl.metrics';
    expect(await page.getAttribute(dl, 'data-interruptions')).toBe(String(cli.interruptionsPerDay));
    expect(await page.getAttribute(dl, 'data-goodput')).toBe(String(cli.goodput));
    expect(await page.getAttribute(dl, 'data-mc-goodput')).toBe(String(cli.monteCarlo.goodput.mean));
    await page.waitForSelector('#run-results figure.chart svg');
  });

  it('the controls are reachable by keyboard', async () => {
    await page.click('#tab-run');
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'run-button');
    }
    expect(reached).toBe(true);
  });

  it('compares designs side by side with the differences marked', async () => {
    await page.click('#tab-compare');
    await page.waitForSelector('table.figures caption', { timeout: 30_000 });
    expect(await page.locator('table.figures thead th').count()).toBe(4);
    expect(await page.locator('table.figures tr.differs').count()).toBeGreaterThan(5);
    expect(await page.locator('table.figures td.best').count()).toBeGreaterThan(3);
    // By default every design is sized to the smallest count all of them can be built at, so "best" compares like with like.
    const gpuCells = () => page.locator('table.figures tr[data-figure="GPUs"] td').allTextContents();
    const alike = await gpuCells();
    expect(new Set(alike).size, alike.join()).toBe(1);
    expect(await page.getAttribute('#compare-gpus', 'placeholder')).toBe(`${alike[0]}, alike`);
    await page.check('#compare-own');
    await page.waitForFunction(() => new Set([...document.querySelectorAll('table.figures tr[data-figure="GPUs"] td')].map((td) => td.textContent)).size > 1);
    await page.uncheck('#compare-own');
    // Sized alike: 1,152 GPUs is whole AL128 domains, HGX servers and NVL72 racks.
    await page.fill('#compare-gpus', '1152');
    await page.waitForFunction(
      () => [...document.querySelectorAll('table.figures tr[data-figure="GPUs"] td')].map((td) => td.textContent).join() === '1,152,1,152,1,152',
      undefined,
      { timeout: 30_000 },
    );
    await page.fill('#compare-gpus', '');
  });

  it('the CXL question from the page: one load under each KV-tier list equals the CLI', async () => {
    await page.click('#tab-design');
    await page.fill('#scenario-text', 'extends: al128\n');
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPUs"] td')?.textContent === '128');
    const file = await scenarioFile();
    const flags = {
      model: 'llama3-70b',
      tp: '8',
      rate: '3',
      requests: '600',
      seed: '1',
      turns: '4',
      think: '20s',
      inputLen: 'lognormal:4000:0.5',
      outputLen: 'lognormal:300:0.5',
      router: 'round-robin',
      compareTiers: 'hbm;hbm,cxl',
    };
    const argv = Object.entries(flags).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v]);
    const cli = JSON.parse((await supernode('serve', '--system', file, ...argv, '--json')).stdout) as {
      tiers: string[];
      ttftMs: { p50: number };
      throughput: { outputTokensPerSecPerGpu: number };
    }[];
    expect(cli).toHaveLength(2);
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="serve"]');
    for (const [k, v] of Object.entries(flags)) {
      if (k === 'model' || k === 'router') await selectRun(k, v);
      else await fillRun(k, v);
    }
    await page.click('#run-button');
    await page.waitForSelector('#run-results table[data-table="tiers"]', { timeout: 60_000 });
    for (const r of cli) {
      const row = `#run-results table[data-table="tiers"] tr[data-tiers="${r.tiers.join(',')}"]`;
      expect(await page.getAttribute(row, 'data-ttft-p50')).toBe(String(r.ttftMs.p50));
      expect(await page.getAttribute(row, 'data-output-tps')).toBe(String(r.throughput.outputTokensPerSecPerGpu));
    }
    // The pool shared by every replica finds the prefixes a round-robin router scatters: TTFT falls.
    expect((cli[1] as (typeof cli)[number]).ttftMs.p50).toBeLessThan((cli[0] as (typeof cli)[number]).ttftMs.p50);
    await fillRun('compareTiers', '');
  });

  it("the plan tab finds the CLI's best training plans, in the same order, at the same tokens/s per GPU", async () => {
    await page.click('#tab-design');
    await page.fill('#scenario-text', 'extends: al128\n');
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPUs"] td')?.textContent === '128');
    const file = await scenarioFile();
    const cli = JSON.parse(
      (await supernode('plan', 'train', '--system', file, '--model', 'llama3-8b', '--seq', '4096', '--gbs', '256', '--top', '3', '--json')).stdout,
    ) as { top: { tokensPerSecPerGpu: number }[] };
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="plan-train"]');
    await selectRun('model', 'llama3-8b');
    await fillRun('seq', '4096');
    await fillRun('gbs', '256');
    await fillRun('top', '3');
    await page.click('#run-button');
    await page.waitForSelector('#run-results table[data-table="plans"] tr[data-rank="3"]', { timeout: 60_000 });
    for (const [i, p] of cli.top.entries()) {
      expect(await page.getAttribute(`#run-results table[data-table="plans"] tr[data-rank="${i + 1}"]`, 'data-tokens-per-sec-per-gpu')).toBe(
        String(p.tokensPerSecPerGpu),
      );
    }
  });

  it('an interactivity curve from the page equals the CLI: the same envelope, point for point', async () => {
    await page.click('#tab-design');
    await page.fill('#scenario-text', 'extends: al128\n');
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPUs"] td')?.textContent === '128');
    const file = await scenarioFile();
    const cli = JSON.parse((await supernode('curve', '--system', file, '--model', 'deepseek-v3', '--json')).stdout) as {
      envelope: { tokensPerSecPerUser: number; outputTokensPerSecPerGpu: number }[];
    };
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="curve"]');
    await selectRun('model', 'deepseek-v3');
    await page.click('#run-button');
    await page.waitForSelector('#run-results table[data-table="curve"]', { timeout: 60_000 });
    const rows = page.locator('#run-results table[data-table="curve"] tbody tr');
    expect(await rows.count()).toBe(cli.envelope.length);
    for (const [i, p] of cli.envelope.entries()) {
      expect(await rows.nth(i).getAttribute('data-user')).toBe(String(p.tokensPerSecPerUser));
      expect(await rows.nth(i).getAttribute('data-gpu')).toBe(String(p.outputTokensPerSecPerGpu));
    }
    await page.waitForSelector('#run-results figure.chart svg');
  });

  it('the supernode claim sweep runs in the page over Web Workers, equals the CLI point for point, and exports Parquet', async () => {
    const spec = join(root, 'scenarios/supernode-claim-inference.yaml');
    const csv = join(work, 'claim.csv');
    const ran = await supernode('sweep', spec, '--out', join(work, 'claim.duckdb'), '--csv', csv, '--workers', '1', '--json');
    expect(ran.code).toBe(0);
    const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
    const columns = (header as string).split(',');
    const at = (name: string) => columns.indexOf(name);
    const cliRows = lines.map((line) => {
      const cells = line.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
      return {
        key: (cells[at('key')] as string).slice(1, -1).replace(/""/g, '"'),
        at20: Number(cells[at('tokensPerSecPerGpuAt20')]),
        at50: Number(cells[at('tokensPerSecPerGpuAt50')]),
        feasible: cells[at('feasible')] === 'true',
      };
    });
    expect(cliRows).toHaveLength(7);
    const feasible = cliRows.filter((r) => r.feasible).length;
    await page.click('#tab-compare');
    await page.selectOption('#sweep-shipped', 'supernode-claim-inference.yaml');
    await page.fill('#sweep-workers', '2');
    await page.click('#sweep-run');
    await page.waitForSelector('[data-sweep-status="done"][data-sweep-run="1"]', { timeout: 120_000 });
    expect(await page.textContent('[data-sweep-status="done"]')).toMatch(new RegExp(`^7 points in [\\d.,]+ s: 0 failed, ${feasible} feasible$`));
    // The page's V8 and Node's may round the envelope's logarithms in the last bit: equal to 12 significant digits (a
    // level no design reaches reads 0 in both).
    const same = (a: number, b: number) => a === b || Math.abs(a / b - 1) < 1e-12;
    expect(cliRows.some((r) => r.at20 > 0)).toBe(true);
    for (const r of cliRows) {
      const row = `table[data-table="sweep"] tr[data-key='${r.key}']`;
      expect(same(Number(await page.getAttribute(row, 'data-tokenspersecpergpuat20')), r.at20), `${r.key} at 20`).toBe(true);
      expect(same(Number(await page.getAttribute(row, 'data-tokenspersecpergpuat50')), r.at50), `${r.key} at 50`).toBe(true);
    }
    // The Pareto plot opens on the spec's objectives.
    expect(await page.inputValue('#pareto-x')).toBe('tokensPerSecPerGpuAt20');
    expect(await page.inputValue('#pareto-y')).toBe('tokensPerSecPerGpuAt50');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#sweep-export')]);
    const { parquetReadObjects } = await import('hyparquet');
    const bytes = readFileSync((await download.path()) as string);
    const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })) as Record<string, unknown>[];
    expect(rows).toHaveLength(7);
    for (const [i, r] of rows.entries()) {
      expect(same(r.tokensPerSecPerGpuAt20 as number, cliRows[i]?.at20 as number)).toBe(true);
      expect(same(r.tokensPerSecPerGpuAt50 as number, cliRows[i]?.at50 as number)).toBe(true);
    }
    // A rerun finds every point kept in the page and recomputes none.
    await page.click('#sweep-run');
    // Wait on the rerun's own 'done' (the first run's stays on the page until the rerun has planned), so no result lands on the next test's plot.
    await page.waitForSelector('[data-sweep-status="done"][data-sweep-run="2"]', { timeout: 30_000 });
  });

  it('reads sweep results (JSON and Parquet) into a Pareto plot', async () => {
    const points = [
      { x: 1, y: 1, feasible: true },
      { x: 2, y: 3, feasible: true },
      { x: 2, y: 2, feasible: true },
      { x: 3, y: 5, feasible: true },
    ];
    await page.setInputFiles('#sweep-file', { name: 'points.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(points)) });
    await page.waitForSelector('text=4 points, 3 on the front');
    const parquet = join(work, 'points.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    await connection.run(`COPY (SELECT i::BIGINT AS gpus, i * 1.5 AS cost FROM range(1, 6) t(i)) TO '${parquet}' (FORMAT parquet)`);
    connection.closeSync();
    await page.setInputFiles('#sweep-file', parquet);
    await page.waitForSelector('text=points.parquet: 5 points');
    await page.waitForSelector('section.pareto figure.chart svg');
  });

  it('shares the whole state in the URL and exports a self-contained report', async () => {
    await page.click('#tab-design');
    const text = await page.inputValue('#scenario-text');
    const shared = await browser.newPage();
    await shared.goto(page.url());
    await shared.waitForSelector('#scenario-text', { timeout: 30_000 });
    expect(await shared.inputValue('#scenario-text')).toBe(text);
    await shared.close();
    await page.click('#tab-run');
    await page.check('input[name="run-kind"][value="collective"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export report')]);
    const html = readFileSync((await download.path()) as string, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain(text.trim().split('\n')[0]);
    expect(html).not.toMatch(/<script|<link[^>]+stylesheet|src="http/);
    // Opened as a file, under its own content security policy, it shows its charts and breaks none of the policy.
    const report = await browser.newPage();
    const refused: string[] = [];
    report.on('console', (m) => refused.push(m.text()));
    const saved = join(work, 'report.html');
    await download.saveAs(saved);
    await report.goto(`file://${saved}`);
    expect(await report.locator('svg').count()).toBeGreaterThan(0);
    expect(await report.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('960px');
    expect(refused).toEqual([]);
    await report.close();
  });

  it('imports a scenario file; its problems name the file as the CLI does', async () => {
    await page.click('#tab-design');
    await page.setInputFiles('input[aria-label="scenario file to import"]', join(root, 'examples/al128-cpo.yaml'));
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPUs"] td')?.textContent === '256');
    expect(await page.inputValue('#scenario-text')).toBe(readFileSync(join(root, 'examples/al128-cpo.yaml'), 'utf8'));
    await page.fill('input[data-path="scaleUp.domainSize"]', '100');
    const error = page.locator('.field.invalid .field-error').first();
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/^al128-cpo\.yaml:\d+:\d+: scaleUp\.domainSize: |^scaleUp\.domainSize: /);
    await page.fill('input[data-path="scaleUp.domainSize"]', '');
    await page.waitForFunction(() => document.querySelector('#panel-design tr[data-figure="GPUs"] td')?.textContent === '256');
  });

  it('works on a narrow screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of ['design', 'run', 'compare']) {
      await page.click(`#tab-${tab}`);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${tab} tab is ${overflow} px wider than the screen`).toBeLessThanOrEqual(0);
    }
    await page.click('#tab-design');
    await page.screenshot({ path: join(OUT, 'ui-design-390x844.png'), fullPage: false });
    expect(statSync(join(OUT, 'ui-design-390x844.png')).size).toBeGreaterThan(10_000);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });

  it("served everything with supernode ui's content security policy, and the page broke none of it", async () => {
    expect(policies.length).toBeGreaterThan(3);
    expect(policies.filter((p) => p.csp !== CONTENT_SECURITY_POLICY)).toEqual([]);
    expect(policies.some((p) => /\/assets\/worker-[^/]*\.js$/.test(p.url))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });
});

describe('web UI bundle', () => {
  it('the first load (entry script, its static imports and CSS) is at most 600 KB gzipped', () => {
    const dist = join(root, 'packages/web/dist');
    const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      { file: string; imports?: string[]; css?: string[] }
    >;
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const css of chunk.css ?? []) files.add(css);
      for (const i of chunk.imports ?? []) visit(i);
    };
    visit('index.html');
    const gzipped = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0);
    expect(files.size).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(600 * 1024);
  });
});
