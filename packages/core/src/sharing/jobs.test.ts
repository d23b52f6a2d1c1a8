import { describe, expect, it } from 'vitest';
import { ConfigError } from '../base/errors.js';
import { parseJobText, parseJobTexts, resolveJobs } from './jobs.js';

describe('parseJobText', () => {
  it('parseJobText reads op:gpus:size[:algorithm] with binary and decimal sizes', () => {
    expect(parseJobText('allreduce:512:1GiB')).toEqual({ op: 'allreduce', gpus: 512, size: 2 ** 30 });
    expect(parseJobText('alltoall:256:256MiB:direct')).toEqual({ op: 'alltoall', gpus: 256, size: 2 ** 28, algorithm: 'direct' });
    expect(parseJobText('allgather:8:1GB')).toEqual({ op: 'allgather', gpus: 8, size: 1e9 });
  });

  it.each([
    ['allreduce:512', /jobs: 'allreduce:512': 2 parts; expected op:gpus:size\[:algorithm\], e\.g\. allreduce:512:1GiB/],
    [
      'allreduc:512:1G',
      /'allreduc' is not a collective \(did you mean 'allreduce'\?\); the ops are allreduce, allgather, reducescatter, alltoall, broadcast, reduce;/,
    ],
    ['sendrecv:2:1G', /'sendrecv' is not a collective/],
    ['allreduce:many:1G', /GPUs 'many' is not a whole number of at least 2/],
    ['allreduce:1:1G', /GPUs '1' is not a whole number of at least 2/],
    ['allreduce:8:1Q', /^jobs: 'allreduce:8:1Q': size '1Q' has an unknown unit 'Q': expected a size such as 8G, 80GB, 1KiB or 4096$/],
    ['allreduce:8:1G,2G', /'allreduce:8:1G,2G': size '1G,2G' is 2 sizes; expected one size, such as 1GiB$/],
    ['allreduce:8:1G:', /the algorithm is empty/],
  ])('parseJobText refuses %s with the flag, the value and the expected form', (text, message) => {
    expect(() => parseJobText(text)).toThrow(ConfigError);
    expect(() => parseJobText(text)).toThrow(message);
  });
});

describe('parseJobTexts', () => {
  it('parseJobTexts names jobs after their place and refuses an empty list naming the field', () => {
    expect(parseJobTexts(['allreduce:8:1G', 'alltoall:4:1M']).map((j) => [j.name, j.op, j.gpus, j.bytes, j.algorithm])).toEqual([
      ['job0', 'allreduce', 8, 2 ** 30, 'auto'],
      ['job1', 'alltoall', 4, 2 ** 20, 'auto'],
    ]);
    expect(() => parseJobTexts([])).toThrow(/^jobs: no job given; expected at least one, op:gpus:size/);
  });
});

describe('resolveJobs', () => {
  it('resolveJobs reads sizes as numbers or text and keeps names', () => {
    expect(resolveJobs([{ name: 'dp', gpus: 16, op: 'allreduce', size: '512MiB', protocol: 'Simple' }])).toEqual([
      { name: 'dp', gpus: 16, op: 'allreduce', bytes: 2 ** 29, algorithm: 'auto', protocol: 'Simple' },
    ]);
  });

  it.each([
    [[{ gpus: 1, op: 'allreduce', size: 1 }], /^jobs\.0\.gpus: a collective needs at least 2 GPUs \(received 1\)$/],
    [[{ gpus: 8, op: 'alreduce', size: 1 }], /^jobs\.0\.op: Invalid option: expected one of .*\(received "alreduce"\)$/],
    [
      [
        { gpus: 8, op: 'allreduce', size: '1G' },
        { gpus: 8, op: 'allreduce', size: 'lots' },
      ],
      /^jobs\.1\.size: 'lots'/,
    ],
    [[{ gpus: 8, op: 'allreduce', size: 1, gpu: 3 }], /^jobs\.0: Unrecognized key: "gpu"$/],
    [[], /^jobs: no jobs given/],
    ['allreduce', /^jobs: expected a list of jobs, received "allreduce"/],
  ])('resolveJobs refuses %j naming the path', (input, message) => {
    expect(() => resolveJobs(input)).toThrow(message);
  });
});
