import { describe, expect, it } from 'vitest';
import { UnknownNameError } from '../registry/registry.js';
import { algorithmsFor, collectiveAlgorithms, findAlgorithm } from './registry.js';
import { COLLECTIVE_OPS } from './types.js';

describe('collectiveAlgorithms', () => {
  it('holds every algorithm under an op-qualified id', () => {
    expect(collectiveAlgorithms.ids).toEqual([
      'allreduce/ring',
      'allreduce/tree',
      'allreduce/halving-doubling',
      'allreduce/in-switch',
      'allreduce/hierarchical',
      'allreduce/nvls-tree',
      'allgather/ring',
      'allgather/direct',
      'allgather/in-switch',
      'allgather/hierarchical',
      'reducescatter/ring',
      'reducescatter/direct',
      'reducescatter/in-switch',
      'reducescatter/hierarchical',
      'alltoall/direct',
      'alltoall/hierarchical',
      'broadcast/ring',
      'reduce/ring',
      'sendrecv/direct',
    ]);
  });
  it('gives every entry a description and a source, and every op at least one algorithm', () => {
    for (const a of collectiveAlgorithms.entries) expect(a.description.length * a.source.length, a.id).toBeGreaterThan(0);
    for (const op of COLLECTIVE_OPS) expect(algorithmsFor(op).length, op).toBeGreaterThan(0);
  });
});

describe('algorithmsFor', () => {
  it('lists the short names an op offers', () => {
    expect(algorithmsFor('allreduce').map((a) => a.name)).toEqual(['ring', 'tree', 'halving-doubling', 'in-switch', 'hierarchical', 'nvls-tree']);
  });
});

describe('findAlgorithm', () => {
  it('resolves a short name within an op', () => {
    expect(findAlgorithm('allgather', 'ring').id).toBe('allgather/ring');
  });
  it('names the choices for that op and the nearest one when the name is unknown', () => {
    expect(() => findAlgorithm('allreduce', 'rign')).toThrow(UnknownNameError);
    expect(() => findAlgorithm('allreduce', 'rign')).toThrow(
      "unknown allreduce algorithm 'rign'. Did you mean 'ring'? Expected one of: ring, tree, halving-doubling, in-switch, hierarchical, nvls-tree",
    );
    expect(() => findAlgorithm('alltoall', 'ring')).toThrow(/Expected one of: direct, hierarchical/);
  });
});
