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
});
