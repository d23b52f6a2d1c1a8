import { buildSystem, describeSystem, systemPresets, systemSchema } from '@supernode/core';
import { describe, expect, it } from 'vitest';

/**
 * Golden describe output for every preset. A change in any number shows up as a diff here;
 * after an intended change, refresh with `npx vitest run -u` and read the diff before committing.
 */
const cases: [string, number | undefined][] = [...systemPresets.ids.map((id): [string, undefined] => [id, undefined]), ['hgx-h100', 1024], ['hgx-h100', 16384]];

describe('describeSystem (golden)', () => {
  it.each(cases)('describeSystem %s at %s GPUs matches its golden file', async (id, gpus) => {
    const system = buildSystem(systemSchema.parse(systemPresets.get(id).input), gpus === undefined ? {} : { gpus });
    const json = `${JSON.stringify(describeSystem(system), null, 2)}\n`;
    await expect(json).toMatchFileSnapshot(`./golden/${id}${gpus === undefined ? '' : `-${gpus}`}.json`);
  });
});
