/** Benchmark: one system's interactivity curve, DeepSeek-V3 on one AL128 (every layout, format, MTP, mixed and disaggregated, batch), as `serve --curve` runs it. */

import { performance } from 'node:perf_hooks';
import { buildSystem, interactivityCurve, models, systemPresets, systemSchema } from '@supernode/core';

// node --import tsx bench/curve.ts: against the built core (npm run build first).
const t0 = performance.now();
const system = buildSystem(systemSchema.parse(systemPresets.get('al128').input));
const curve = interactivityCurve(system, models.get('deepseek-v3'), { inputTokens: 2048, outputTokens: 256, precisions: ['bf16', 'fp8', 'nvfp4'], mtp: true });
const wallMs = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    case: 'curve-al128-deepseek',
    wallMs,
    configurations: curve.points.length,
    envelope: curve.envelope.length,
    msPerConfiguration: wallMs / curve.points.length,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
