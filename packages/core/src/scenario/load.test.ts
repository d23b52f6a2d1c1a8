import { describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from './load.js';

function problems(text: string): string[] {
  try {
    loadScenario(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('loadScenario', () => {
  it('loadScenario merges a file over the preset it extends', () => {
    // Objects merge field by field: the file changes bandwidth and medium, the preset keeps domain size and switch.
    const spec = loadScenario('extends: al128\nscaleUp:\n  bandwidthPerGpu: 1750GB/s\n  medium: cpo\n', 'dir/al128-cpo.yaml');
    expect(spec.name).toBe('al128-cpo');
    expect(spec.scaleUp.bandwidthPerGpu).toBe(1.75e12);
    expect(spec.scaleUp.medium).toBe('cpo');
    expect(spec.scaleUp.domainSize).toBe(128);
    expect(spec.scaleUp.switch).toBe('alink-102t');
  });

  it('loadScenario reads JSON too', () => {
    const spec = loadScenario('{"extends": "hgx-h100", "gpus": 64}', 'x.json');
    expect(spec.gpus).toBe(64);
  });

  it('loadScenario names file:line:col, the field and the received value for a wrong type', () => {
    // Line 3, column 15 is where the value "eight" starts.
    expect(problems('extends: al128\nscaleUp:\n  domainSize: eight\n')).toEqual([
      'bad.yaml:3:15: scaleUp.domainSize: expected number, received string "eight"',
    ]);
  });

  it('loadScenario rejects an unknown key with a did-you-mean', () => {
    const [first] = problems('extends: al128\nscaleUp:\n  bandwidthPerGPU: 900GB/s\n');
    expect(first).toMatch(/^bad\.yaml:3:3: scaleUp: unknown key 'bandwidthPerGPU' \(did you mean 'bandwidthPerGpu'\?\)/);
  });

  it('loadScenario rejects a negative bandwidth, naming the expected unit', () => {
    const [first] = problems('extends: al128\nscaleUp:\n  bandwidthPerGpu: -5GB/s\n');
    expect(first).toMatch(/^bad\.yaml:3:20: scaleUp\.bandwidthPerGpu: expected a positive value, a rate such as 400Gbps.*received "-5GB\/s"/);
  });

  it('loadScenario rejects an unknown preset and an unknown hardware id with suggestions', () => {
    expect(problems('extends: al12\n')[0]).toMatch(/^bad\.yaml:1:10: extends: unknown system preset "al12" \(did you mean 'al128'\?\)/);
    expect(problems('extends: al128\ngpu: h100\n')[0]).toMatch(/^bad\.yaml:2:6: gpu: unknown GPU 'h100' \(did you mean 'h100-sxm'\?\)/);
  });

  it('loadScenario reports YAML syntax errors at their position', () => {
    expect(problems('extends: al128\nscaleUp: [1, 2\n')[0]).toMatch(/^bad\.yaml:\d+:\d+: /);
  });

  it('loadScenario reports a missing required field at the parent', () => {
    expect(problems('name: x\ngpu: h100-sxm\nserver: {gpus: 8, cpu: xeon-8480}\nrack: {spec: air-40kw, gpus: 32}\n')[0]).toBe(
      'bad.yaml:1:1: scaleUp: expected object, received nothing (the field is missing)',
    );
  });

  it('loadScenario refuses an alias bomb before expanding it', () => {
    // 10 aliases of 10 aliases of ... 9 levels: 10^9 nodes once expanded; refused at the alias bound instead.
    const lines = ['extends: al128', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(problems(lines.join('\n'))).toEqual([
      'bad.yaml:1:1: aliases expand past 64 nodes (an alias bomb); a scenario refers to a shared block a few times at most',
    ]);
  });

  it('loadScenario rejects a repeated key at the repeat, in linear time', () => {
    expect(problems('extends: al128\ngpus: 256\ngpus: 128\n')).toEqual(["bad.yaml:3:1: map keys must be unique; 'gpus' appears twice"]);
  });

  it('loadScenario lists five problems of a garbled file, then counts the rest', () => {
    // Eight unknown top-level keys would be one issue; eight wrong-typed fields are eight.
    const text = 'extends: al128\nscaleUp: {domainSize: x, switch: 1, planes: x, bandwidthPerGpu: [], medium: 2, tiers: x, leafGpus: x, inSwitchReduction: 3}';
    const lines = problems(text);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('... and 3 more problems');
  });

  it('loadScenario names the bound of a count past it', () => {
    expect(problems('extends: al128\ngpus: 1e300\n')).toEqual([
      "bad.yaml:2:7: gpus: expected at most 262,144 (the model's bound for this count); received number 1e+300",
    ]);
  });
});
