/** The pipeline schedules a training plan can name, one registry for help, validation and errors. */

import { createRegistry } from '../../registry/registry.js';
import { dualPipe } from './dualpipe.js';
import { interleaved } from './interleaved.js';
import { oneFOneB } from './one-f-one-b.js';
import type { PipelineSchedule } from './types.js';

export const pipelineSchedules = createRegistry<PipelineSchedule>('pipeline schedule', [oneFOneB, interleaved, dualPipe]);
