import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, decodeState, encodeState } from './state.js';

describe('state in the URL', () => {
  it('round-trips, unicode included', () => {
    const state = { ...DEFAULT_STATE, scenario: 'extends: al128\ndescription: “AL128” at 28 Tbit/s — µs\n', tab: 'run' as const, compareGpus: 1152 };
    const hash = encodeState(state);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(decodeState(hash)).toEqual(state);
  });

  it('fills the forms a link lacks from the defaults and keeps the values it carries', () => {
    const link = `#s=${Buffer.from(JSON.stringify({ scenario: 'extends: al144\n', run: { kind: 'train', args: { train: { tp: '4', dropout: true, bad: 3 } } } })).toString('base64url')}`;
    const s = decodeState(link);
    expect(s?.scenario).toBe('extends: al144\n');
    expect(s?.run.kind).toBe('train');
    expect(s?.run.args.train).toEqual({ tp: '4', dropout: true });
    expect(s?.run.args.collective).toEqual(DEFAULT_STATE.run.args.collective);
  });

  it('falls back to the default run kind for a link from an older page', () => {
    const old = `#s=${Buffer.from(JSON.stringify({ scenario: 'extends: al144\n', run: { kind: 'teleport', train: { tp: 4 } } })).toString('base64url')}`;
    expect(decodeState(old)?.run).toEqual(DEFAULT_STATE.run);
  });

  it('ignores a fragment that is not a state', () => {
    expect(decodeState('')).toBeUndefined();
    expect(decodeState('#s=!!')).toBeUndefined();
    expect(decodeState(`#s=${Buffer.from('[1,2]').toString('base64url')}`)).toBeUndefined();
  });
});
