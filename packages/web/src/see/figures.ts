/** The describe figures the page shows, as rows shared by the design panel, the comparison table and the HTML report. */

import type { DescribeReport } from '@supernode/core';
import type { RunResult } from '../sim/protocol.js';
import { bytesLabel, num, pct } from '../ui/format.js';

export interface Figure {
  readonly group: string;
  readonly label: string;
  readonly text: string;
  /** The number behind the text, for comparing designs; absent for labels. */
  readonly value?: number;
  /** Which way is better when designs differ. */
  readonly better?: 'higher' | 'lower';
}

export function describeFigures(d: DescribeReport): Figure[] {
  const f = (group: string, label: string, value: number, unit: string, better?: 'higher' | 'lower'): Figure => ({
    group,
    label,
    text: `${num(value)}${unit ? ` ${unit}` : ''}`,
    value,
    ...(better ? { better } : {}),
  });
  const t = (group: string, label: string, text: string): Figure => ({ group, label, text });
  const rows: Figure[] = [
    f('system', 'GPUs', d.gpus, ''),
    t('system', 'GPU', d.gpu.name),
    f('system', 'servers', d.servers, ''),
    f('system', 'racks', d.racks, '', 'lower'),
    f('system', 'BF16 peak per GPU', d.gpu.bf16Tflops, 'TFLOP/s', 'higher'),
    f('system', 'HBM per GPU (usable)', d.gpu.hbmUsableGiB, 'GiB', 'higher'),
    f('scale-up', 'domain size', d.scaleUp.domainSize, 'GPUs', 'higher'),
    f('scale-up', 'domains', d.scaleUp.domains, ''),
    f('scale-up', 'bandwidth per GPU', d.scaleUp.bandwidthPerGpuGBps, 'GB/s', 'higher'),
    t(
      'scale-up',
      'switch',
      `${d.scaleUp.switch} x ${d.scaleUp.switches} (${d.scaleUp.tiers} tier${d.scaleUp.tiers > 1 ? 's' : ''}, ${d.scaleUp.planes} planes)`,
    ),
    t('scale-up', 'in-switch reduction', d.scaleUp.inSwitchReduction ? 'yes' : 'no'),
  ];
  if (d.scaleOut) {
    rows.push(
      f('scale-out', 'bandwidth per GPU', d.scaleOut.bandwidthPerGpuGbps, 'Gbit/s', 'higher'),
      t(
        'scale-out',
        'fabric',
        `${d.scaleOut.nic}, ${d.scaleOut.switch}, ${d.scaleOut.tiers} tiers, ${d.scaleOut.planes} planes${d.scaleOut.railOptimized ? ', rail-optimized' : ''}`,
      ),
      { group: 'scale-out', label: 'oversubscription', text: `${num(d.scaleOut.oversubscription)}:1`, value: d.scaleOut.oversubscription, better: 'lower' },
      f('scale-out', `transport (${d.scaleOut.transport.name})`, d.scaleOut.transport.lineRateShare, 'of the line rate at large messages', 'higher'),
    );
  }
  rows.push(
    f('network', 'bisection', d.bisectionBandwidthTBps, 'TB/s', 'higher'),
    f('power', 'IT power', d.power.totalKw, 'kW', 'lower'),
    f('power', 'rack power', d.power.rackKw, `kW of ${num(d.power.rackBudgetKw)}`),
    f('power', 'facility power', d.power.facilityKw, `kW (PUE ${d.power.pue})`, 'lower'),
    ...(d.power.shelves
      ? [
          {
            group: 'power',
            label: 'power shelves',
            text: `${d.power.shelves.count} x ${num(d.power.shelves.psus / d.power.shelves.count)} PSUs of ${num(d.power.shelves.psuKw)} kW, ${d.power.shelves.spare >= 0 ? `N+${d.power.shelves.spare}` : "short of the rack's draw"}`,
            value: d.power.shelves.spare,
            better: 'higher' as const,
          },
        ]
      : []),
    f('cost', 'capex', d.cost.capexUsd / 1e6, 'M USD', 'lower'),
    f('cost', 'per GPU', d.cost.perGpuUsd, 'USD', 'lower'),
    f('cost', 'per GPU-hour', d.cost.usdPerGpuHour, 'USD', 'lower'),
    f('failures', 'GPUs per OS image', d.failures.gpusPerOs, ''),
    f('failures', 'interruptions per day', d.failures.interruptionsPerDay, '', 'lower'),
    f('failures', 'mean time between interruptions', d.failures.mtbfHours, 'h', 'higher'),
  );
  for (const c of d.failures.components.filter((c) => c.interrupts && c.blastRadiusGpus > 0)) {
    rows.push({ group: 'blast radius', label: c.component, text: `${num(c.blastRadiusGpus)} GPUs (${c.scope})`, value: c.blastRadiusGpus, better: 'lower' });
  }
  const c = d.condition;
  if (c) {
    rows.push(
      f('condition', 'failed components', c.failed.length, '', 'lower'),
      f('condition', 'slow links', c.slowLinks.length, '', 'lower'),
      f('condition', 'GPUs below nominal speed', c.slowGpus, '', 'lower'),
      f('condition', 'mean GPU speed', c.meanGpuSpeed * 100, '% of nominal', 'higher'),
    );
    if (c.slowestGpu) rows.push(f('condition', 'slowest GPU', c.slowestGpu.speed * 100, `% of nominal (GPU ${c.slowestGpu.rank})`, 'higher'));
  }
  return rows;
}

/** Headline figures of a run, for the comparison and the report. */
export function runFigures(run: RunResult): Figure[] {
  if (run.kind === 'collective') {
    const last = run.rows[run.rows.length - 1];
    const peak = Math.max(...run.rows.map((r) => r.busbwGBps));
    return [
      { group: 'collective', label: 'peak busbw', text: `${num(peak)} GB/s`, value: peak, better: 'higher' },
      ...(last
        ? [{ group: 'collective', label: `time at ${bytesLabel(last.bytes)}`, text: `${num(last.timeUs)} us`, value: last.timeUs, better: 'lower' as const }]
        : []),
    ];
  }
  if (run.kind === 'train') {
    const r = run.report;
    return [
      { group: 'training', label: 'iteration time', text: `${num(r.iterationTimeS)} s`, value: r.iterationTimeS, better: 'lower' },
      { group: 'training', label: 'tokens/s per GPU', text: num(r.tokensPerSecPerGpu), value: r.tokensPerSecPerGpu, better: 'higher' },
      { group: 'training', label: 'MFU', text: pct(r.mfu), value: r.mfu, better: 'higher' },
      { group: 'training', label: 'memory per GPU', text: `${num(r.memoryPerGpuGiB.total)} GiB`, value: r.memoryPerGpuGiB.total },
      {
        group: 'training',
        label: 'USD per million tokens',
        text: num(r.economics.usdPerMillionTokens),
        value: r.economics.usdPerMillionTokens,
        better: 'lower',
      },
    ];
  }
  if (run.kind === 'resilience') {
    const r = run.report;
    return [
      { group: 'resilience', label: 'interruptions per day', text: num(r.interruptionsPerDay), value: r.interruptionsPerDay, better: 'lower' },
      { group: 'resilience', label: 'goodput (expected)', text: pct(r.goodput), value: r.goodput, better: 'higher' },
      {
        group: 'resilience',
        label: 'goodput (Monte-Carlo mean, p5-p95)',
        text: `${pct(r.monteCarlo.goodput.mean)} (${pct(r.monteCarlo.goodput.p5)}-${pct(r.monteCarlo.goodput.p95)})`,
        value: r.monteCarlo.goodput.mean,
        better: 'higher',
      },
      ...(r.daysToTrain === null
        ? []
        : [{ group: 'resilience', label: 'days to train', text: num(r.daysToTrain), value: r.daysToTrain, better: 'lower' as const }]),
    ];
  }
  if (run.kind === 'share') {
    const r = run.report;
    return [
      { group: 'sharing', label: 'slowest job vs alone', text: `${num(r.maxSlowdown, 4)}x`, value: r.maxSlowdown, better: 'lower' },
      { group: 'sharing', label: 'all jobs done after', text: `${num(r.makespanUs)} us`, value: r.makespanUs, better: 'lower' },
    ];
  }
  if (run.kind === 'capacity') {
    const c = run.report;
    return [
      {
        group: 'serving',
        label: 'decode tokens/s per GPU at the TPOT target',
        text: num(c.decodeTokensPerSecPerGpu),
        value: c.decodeTokensPerSecPerGpu,
        better: 'higher',
      },
      { group: 'serving', label: 'TTFT, unloaded', text: `${num(c.ttftMs)} ms`, value: c.ttftMs, better: 'lower' },
      { group: 'serving', label: 'USD per million output tokens', text: num(c.usdPerMillionOutputTokens), value: c.usdPerMillionOutputTokens, better: 'lower' },
    ];
  }
  if (run.kind === 'curve') {
    const best = run.report.envelope;
    const most = Math.max(0, ...best.map((p) => p.outputTokensPerSecPerGpu));
    const fastest = Math.max(0, ...best.map((p) => p.tokensPerSecPerUser));
    return [
      { group: 'serving', label: 'most output tokens/s per GPU', text: num(most), value: most, better: 'higher' },
      { group: 'serving', label: 'fastest tokens/s per user', text: num(fastest), value: fastest, better: 'higher' },
    ];
  }
  if (run.kind === 'plan-serve') {
    const best = run.report.top[0];
    return [
      {
        group: 'serving',
        label: 'best output tokens/s per GPU within the TPOT',
        text: num(best?.outputTokensPerSecPerGpu ?? 0),
        value: best?.outputTokensPerSecPerGpu ?? 0,
        better: 'higher',
      },
      {
        group: 'serving',
        label: 'its USD per million tokens',
        text: num(best?.usdPerMillionTokens ?? 0),
        value: best?.usdPerMillionTokens ?? 0,
        better: 'lower',
      },
    ];
  }
  if (run.kind === 'plan-train') {
    const best = run.report.top[0];
    return [
      {
        group: 'training',
        label: 'best plan tokens/s per GPU',
        text: num(best?.tokensPerSecPerGpu ?? 0),
        value: best?.tokensPerSecPerGpu ?? 0,
        better: 'higher',
      },
      { group: 'training', label: 'best plan MFU', text: pct(best?.mfu ?? 0), value: best?.mfu ?? 0, better: 'higher' },
    ];
  }
  const r = run.report.report;
  return [
    { group: 'serving', label: 'TTFT p50', text: `${num(r.ttftMs.p50)} ms`, value: r.ttftMs.p50, better: 'lower' },
    { group: 'serving', label: 'TPOT p50', text: `${num(r.tpotMs.p50)} ms`, value: r.tpotMs.p50, better: 'lower' },
    {
      group: 'serving',
      label: 'output tokens/s per GPU',
      text: num(r.throughput.outputTokensPerSecPerGpu),
      value: r.throughput.outputTokensPerSecPerGpu,
      better: 'higher',
    },
    {
      group: 'serving',
      label: 'capacity up under failures',
      text: pct(r.availability.availability),
      value: r.availability.availability,
      better: 'higher',
    },
    {
      group: 'serving',
      label: 'USD per million output tokens',
      text: num(r.economics.usdPerMillionOutputTokens),
      value: r.economics.usdPerMillionOutputTokens,
      better: 'lower',
    },
  ];
}
