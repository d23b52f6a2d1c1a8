/** Every system scenario shipped in examples/ loads and builds, so the documented commands on them stay runnable. */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeSystem } from '@supernode/core';
import { describe, expect, it } from 'vitest';
import { loadSystem } from './load-system.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));

describe('examples/', () => {
  it('examples/ holds the shipped system scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });
  it.each(files)('loadSystem builds examples/%s and describe reports it', (file) => {
    const system = loadSystem(join(EXAMPLES, file));
    expect(describeSystem(system).gpus).toBe(system.gpus);
  });
});
