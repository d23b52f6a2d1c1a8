/**
 * No error repeats more of what a user gave than a short excerpt: a private key named as a scenario, a model config or
 * a trace, a scenario field holding thousands of characters, and a flag given a long value each exit 2 with a message
 * that names the file or the flag and shows at most EXCERPT_CHARS characters of the value, with its length.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXCERPT_CHARS } from '@supernode/core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';

const dir = mkdtempSync(join(tmpdir(), 'supernode-echo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function supernode(...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(argv, { out: () => {}, err: (t) => err.push(t) });
  return { code, err: err.join('\n') };
}

/** A PEM private key's shape (base64 lines of 64 between the armour lines) with bytes that are no key at all. */
function fakePem(): string {
  const bytes = Buffer.from(Array.from({ length: 1218 }, (_, i) => (i * 7919 + 13) % 256));
  const lines = bytes.toString('base64').match(/.{1,64}/g) as string[];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

const pem = fakePem();
const pemFile = join(dir, 'id_rsa.pem');
writeFileSync(pemFile, pem);
/** Every base64 line of the key but the first, none of which a message may show. */
const secretLines = pem.split('\n').slice(2, -2);

/** True when `message` holds a run of more than EXCERPT_CHARS characters of `value` (spaces for line breaks, as YAML folds them). */
function echoesMoreThanAnExcerpt(message: string, value: string): boolean {
  const flat = value.replace(/\n/g, ' ');
  for (let at = 0; at + EXCERPT_CHARS < flat.length; at += 16) if (message.includes(flat.slice(at, at + EXCERPT_CHARS + 1))) return true;
  return false;
}

describe('a private key given where a file is read', () => {
  it.each([
    ['describe', ['describe', pemFile]],
    ['compare', ['compare', pemFile, 'hgx-h100']],
    [
      'train --system',
      ['train', '--system', pemFile, '--gpus', '8', '--model', 'llama3-8b', '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '4096'],
    ],
  ])('main %s <key> names the file, says it is not a scenario and shows a short excerpt', async (_, argv) => {
    const { code, err } = await supernode(...argv);
    expect(code).toBe(2);
    expect(err).toContain(`${pemFile}:1:1: not a scenario: expected a mapping of system fields`);
    expect(err).toMatch(/received string "-----BEGIN PRIVATE KEY----- [A-Za-z0-9+/]{29}\.\.\." \(1,\d{3} characters\)$/);
    expect(err.length).toBeLessThan(400);
    expect(secretLines.filter((line) => err.includes(line.slice(0, 40)))).toEqual([]);
  });

  it.each([
    ['--model', ['train', '--system', 'hgx-h100', '--gpus', '8', '--model', pemFile, '--tp', '8', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '4096']],
    ['--trace', ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--trace', pemFile]],
    [
      '--input-len',
      ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--rate', '1', '--requests', '10', '--input-len', `file:${pemFile}`],
    ],
    ['sweep', ['sweep', pemFile]],
  ])('main with a key as %s exits 2 naming the file, with at most a short excerpt of it', async (_, argv) => {
    const { code, err } = await supernode(...argv);
    expect(code).toBe(2);
    expect(err).toContain(pemFile);
    expect(err.length).toBeLessThan(400);
    expect(secretLines.filter((line) => err.includes(line.slice(0, 40)))).toEqual([]);
  });
});

describe('a scenario field holding a long value', () => {
  const long = `x${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(100)}`;
  // YAML keys end within 1,024 characters of their start, so the long keys are shorter, and still far past an excerpt.
  const key = long.slice(0, 500);
  const list = Array.from({ length: 400 }, (_, i) => i);
  it.each([
    ['extends', `extends: ${long}\n`, long],
    ['gpu', `extends: hgx-h100\ngpu: ${long}\n`, long],
    ['gpus', `extends: hgx-h100\ngpus: ${long}\n`, long],
    ['scaleUp.bandwidthPerGpu', `extends: hgx-h100\nscaleUp:\n  bandwidthPerGpu: 1G${long}\n`, long],
    ['scaleOut.switch', `extends: hgx-h100\nscaleOut:\n  switch: ${long}\n`, long],
    ['an unknown key', `extends: hgx-h100\n${key}: 1\n`, key],
    ['a repeated key', `${key}: 1\n${key}: 2\n`, key],
    ['a list', `extends: hgx-h100\ngpu: [${list.join(', ')}]\n`, JSON.stringify(list)],
  ])('main describe shows at most an excerpt of %s', async (field, text, value) => {
    const file = join(dir, `${field.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, text);
    const { code, err } = await supernode('describe', file);
    expect(code).toBe(2);
    expect(err).toContain(file);
    expect(echoesMoreThanAnExcerpt(err, value)).toBe(false);
    expect(err).toMatch(/\.\.\.['"]? \([\d,]+ characters\)/);
  });
});

describe('a flag given a long value', () => {
  const long = 'x'.repeat(3000);
  const train = ['train', '--system', 'hgx-h100', '--gpus', '8', '--model', 'llama3-8b', '--pp', '1', '--mbs', '1', '--gbs', '8', '--seq', '4096'];
  const collective = ['collective', '--system', 'hgx-h100', '--op', 'allreduce', '--sizes', '1G'];
  it.each([
    ['--tp', [...train, '--tp', `8${long}`]],
    ['--model', [...train.slice(0, 6), `llama${long}`, '--tp', '8', ...train.slice(7)]],
    ['--sizes', ['collective', '--system', 'hgx-h100', '--op', 'allreduce', '--sizes', `1G${long}`]],
    ['--op', ['collective', '--system', 'hgx-h100', '--op', `all${long}`, '--sizes', '1G']],
    ['--group', [...collective, '--group', `0-7${long}`]],
    ['--straggler', [...collective, '--straggler', `gpu=5:speed=0.8${long}`]],
    ['--fail', [...collective, '--fail', `nic:gpu=5${long}`]],
    ['--job', ['share', '--system', 'hgx-h100', '--job', `allreduce:8:1G${long}`]],
    ['--slo', ['serve', '--system', 'hgx-h100', '--model', 'llama3-8b', '--tp', '8', '--rate', '1', '--requests', '10', '--slo', `ttft=1s${long}`]],
    ['--port', ['ui', '--port', `1${long}`]],
    ['<system>', ['describe', `hgx${long}`]],
  ])('main with a long %s exits 2 naming it, with at most an excerpt of the value', async (flag, argv) => {
    const { code, err } = await supernode(...argv);
    expect(code, err).toBe(2);
    expect(err).toContain(flag === '<system>' ? 'unknown system' : `option ${flag}`);
    expect(echoesMoreThanAnExcerpt(err, long)).toBe(false);
    expect(err).toMatch(/\.\.\.' \(3,\d{3} characters\)/);
  });
});
