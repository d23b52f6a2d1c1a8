/** The commands: the one list the CLI's subcommands, sweep specs, the web page's run forms, help and errors read. */

import { createRegistry } from '../registry/registry.js';
import { capacityCommand } from './capacity.js';
import { collectiveCommand } from './collective.js';
import { curveCommand } from './curve.js';
import { describeCommand } from './describe.js';
import { planServeCommand } from './plan-serve.js';
import { planTrainCommand } from './plan-train.js';
import { resilienceCommand } from './resilience.js';
import { serveCommand } from './serve.js';
import { shareCommand } from './share.js';
import { trainCommand } from './train.js';
import type { AnyCommand } from './types.js';

export const commands = createRegistry<AnyCommand>('command', [
  describeCommand,
  collectiveCommand,
  trainCommand,
  planTrainCommand,
  planServeCommand,
  serveCommand,
  capacityCommand,
  curveCommand,
  resilienceCommand,
  shareCommand,
]);
