/** The sweep commands: the one list `sweep` specs, help and errors read. */

import { createRegistry } from '../../registry/registry.js';
import { resilienceCommand } from './resilience.js';
import { capacityCommand, serveCommand } from './serve.js';
import { shareCommand } from './share.js';
import { collectiveCommand, describeCommand } from './system.js';
import { trainCommand } from './train.js';
import type { SweepCommand } from './types.js';

export const sweepCommands = createRegistry<SweepCommand>('sweep command', [
  describeCommand,
  collectiveCommand,
  trainCommand,
  serveCommand,
  capacityCommand,
  resilienceCommand,
  shareCommand,
]);
