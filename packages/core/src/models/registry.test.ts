import { describe, expect, it } from 'vitest';
import { UnknownNameError } from '../registry/registry.js';
import { models } from './registry.js';

describe('models', () => {
  it('holds the zoo under stable ids', () => {
    expect(models.ids).toEqual([
      'gpt3-175b',
      'gpt3-5b',
      'gpt3-20b',
      'megatron-gpt-1.7b',
      'megatron-gpt-3.6b',
      'megatron-gpt-7.5b',
      'megatron-gpt-18.4b',
      'megatron-gpt-39.1b',
      'megatron-gpt-76.1b',
      'megatron-gpt-145.6b',
      'megatron-gpt-310.1b',
      'megatron-gpt-529.6b',
      'megatron-gpt-1008b',
      'llama2-7b',
      'llama2-13b',
      'llama2-70b',
      'llama3-8b',
      'llama3-70b',
      'llama3.3-70b',
      'llama3.1-405b',
      'mistral-7b',
      'mixtral-8x22b',
      'qwen3-235b-a22b',
      'qwen3-30b-a3b',
      'deepseek-v3',
      'gpt-oss-120b',
      'nemotron-8b',
      'nemotron-22b',
      'nemotron-340b',
      'moe-10t',
    ]);
  });
  it('gives every entry a description and a source', () => {
    for (const m of models.entries) expect(m.description.length * m.source.length, m.id).toBeGreaterThan(0);
  });
  it('marks moe-10t as hypothetical', () => {
    expect(models.get('moe-10t').source).toMatch(/hypothetical/);
  });
  it('suggests the nearest id for a misspelt one', () => {
    expect(() => models.get('deepseek-v2')).toThrow(UnknownNameError);
    expect(() => models.get('deepseek-v2')).toThrow(/Did you mean 'deepseek-v3'\?/);
  });
});
