import { describe, expect, it } from 'vitest';
import { checkScenarioText, MAX_SCENARIO_CHARS } from './limits.js';

describe('checkScenarioText', () => {
  it('checkScenarioText passes an ordinary scenario, quotes, comments and apostrophes included', () => {
    // Brackets inside quotes and comments do not nest; the apostrophe of "don't" opens no quote.
    const text = "extends: al128 # [[[[ not nesting\nname: \"[[[[x\"\ndescription: don't [guess]\nscaleUp: {bandwidthPerGpu: '{1.75TB/s'}\n";
    expect(checkScenarioText(text)).toBeUndefined();
  });

  it('checkScenarioText refuses a file past the size bound', () => {
    expect(checkScenarioText('x'.repeat(MAX_SCENARIO_CHARS + 1))?.message).toMatch(/^the file holds 65,537 characters; a scenario is at most 65,536/);
  });

  it('checkScenarioText refuses binary content at the first control character', () => {
    // NUL on line 2, column 4.
    expect(checkScenarioText('a: 1\nb: \u0000')).toEqual({ line: 2, col: 4, message: expect.stringMatching(/^not a text file: character U\+0000/) });
  });

  it('checkScenarioText refuses flow nesting past 64 levels at the 65th bracket', () => {
    // `a: ` takes three columns, so the 65th bracket sits at column 68.
    const p = checkScenarioText(`a: ${'['.repeat(100)}${']'.repeat(100)}`);
    expect(p).toMatchObject({ line: 1, col: 68 });
    expect(p?.message).toMatch(/nested more than 64 levels deep/);
  });

  it('checkScenarioText refuses block nesting shown as indentation past 256 columns', () => {
    const p = checkScenarioText(`a:\n${' '.repeat(300)}b: 1`);
    expect(p).toMatchObject({ line: 2, col: 257 });
    expect(p?.message).toMatch(/indented more than 256 columns/);
  });
});
