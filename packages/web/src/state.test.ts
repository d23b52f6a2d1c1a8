import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, decodeState, encodeState } from './state.js';

describe('state in the URL', () => {
  it('round-trips, unicode included', () => {
    const state = { ...DEFAULT_STATE, scenario: 'extends: al128\ndescription: “AL128” at 28 Tbit/s — µs\n', tab: 'run' as const, compareGpus: 1152 };
    const hash = encodeState(state);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(decodeState(hash)).toEqual(state);
  });

  it('fills settings an older link lacks from the defaults', () => {
    const old = `#s=${Buffer.from(JSON.stringify({ scenario: 'extends: al144\n', run: { kind: 'train', train: { tp: 4 } } })).toString('base64url')}`;
    const s = decodeState(old);
    expect(s?.scenario).toBe('extends: al144\n');
    expect(s?.run.train).toEqual({ ...DEFAULT_STATE.run.train, tp: 4 });
    expect(s?.run.collective).toEqual(DEFAULT_STATE.run.collective);
  });

  it('ignores a fragment that is not a state', () => {
    expect(decodeState('')).toBeUndefined();
    expect(decodeState('#s=!!')).toBeUndefined();
    expect(decodeState(`#s=${Buffer.from('[1,2]').toString('base64url')}`)).toBeUndefined();
  });
});
