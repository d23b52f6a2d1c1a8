/** The run charts: bus bandwidth against message size, the iteration's breakdown and timeline, TTFT and TPOT distributions, failures, shared jobs' slowdowns. */

import type { Curve, Histogram, ResilienceReport, ServeReport, ShareReport, TrainReport } from '@supernode/core';
import type { CollectiveRow, RunResult, TimelineBar } from '../sim/protocol.js';
import { bytesLabel } from '../ui/format.js';
import { type PlotModule, PlotView } from '../ui/plot-view.js';

export function busbwPlot(Plot: PlotModule, rows: readonly CollectiveRow[], width: number): Element {
  return Plot.plot({
    width,
    height: 280,
    marginLeft: 56,
    x: { type: 'log', base: 2, label: 'message size (bytes)', tickFormat: (d: number) => bytesLabel(d) },
    y: { label: 'busbw (GB/s)', grid: true },
    color: { legend: true },
    marks: [
      Plot.line(rows, { x: 'bytes', y: 'busbwGBps', stroke: '#2563eb' }),
      Plot.dot(rows, {
        x: 'bytes',
        y: 'busbwGBps',
        fill: 'algorithm',
        tip: true,
        title: (d: CollectiveRow) => `${bytesLabel(d.bytes)}: ${d.busbwGBps.toFixed(1)} GB/s, ${d.algorithm}/${d.protocol}`,
      }),
    ],
  });
}

export function breakdownPlot(Plot: PlotModule, report: TrainReport, width: number): Element {
  const b = report.breakdown;
  const parts = [
    { part: 'compute', s: b.computeS },
    { part: 'bubble', s: b.bubbleS },
    { part: 'optimizer', s: b.optimizerS },
    ...Object.entries(b.exposedCommS).map(([k, s]) => ({ part: `${k} comm`, s })),
  ].filter((p) => p.s > 0);
  return Plot.plot({
    width,
    height: 110,
    x: { label: 'seconds of the iteration', grid: true },
    color: { legend: true, domain: parts.map((p) => p.part) },
    marks: [Plot.barX(parts, Plot.stackX({ x: 's', fill: 'part', tip: true, title: (d: { part: string; s: number }) => `${d.part}: ${d.s.toFixed(3)} s` }))],
  });
}

export function timelinePlot(Plot: PlotModule, bars: readonly TimelineBar[], devices: number, width: number): Element {
  return Plot.plot({
    width,
    height: Math.min(420, 40 + devices * 22),
    marginLeft: 70,
    x: { label: 'ms from the first forward', grid: true },
    y: { label: 'pipeline stage', domain: Array.from({ length: devices }, (_, i) => `stage ${i}`) },
    color: { legend: true, domain: ['F', 'B', 'W', 'F&B'], range: ['#60a5fa', '#f97316', '#a3e635', '#c084fc'] },
    marks: [
      Plot.barX(bars, {
        x1: 'startMs',
        x2: 'endMs',
        y: (d: TimelineBar) => `stage ${d.device}`,
        fill: 'kind',
        inset: 0.5,
        title: (d: TimelineBar) => `${d.kind} micro-batch ${d.microbatch}: ${d.startMs.toFixed(1)}-${d.endMs.toFixed(1)} ms`,
      }),
    ],
  });
}

export function latencyPlot(Plot: PlotModule, report: ServeReport, which: 'ttft' | 'tpot', width: number): Element {
  const h: Histogram = which === 'ttft' ? report.ttftHistogram : report.tpotHistogram;
  const bins = h.counts.map((count, i) => ({ x1: h.edgesMs[i] ?? 0, x2: h.edgesMs[i + 1] ?? 0, count })).filter((b) => b.x2 > b.x1);
  return Plot.plot({
    width,
    height: 200,
    x: { type: 'log', label: `${which.toUpperCase()} (ms)` },
    y: { label: 'requests', grid: true },
    marks: [Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'count', fill: which === 'ttft' ? '#2563eb' : '#f97316', inset: 0.5 }), Plot.ruleY([0])],
  });
}

/** Expected failures a day by component, coloured by whether they interrupt the job. */
export function failuresPlot(Plot: PlotModule, report: ResilienceReport, width: number): Element {
  const rows = report.components
    .filter((c) => c.failuresPerDay > 0)
    .map((c) => ({ component: c.key, perDay: c.failuresPerDay, interrupts: c.interrupts ? 'interrupts' : 'absorbed' }));
  return Plot.plot({
    width,
    height: 40 + rows.length * 22,
    marginLeft: 130,
    x: { label: 'failures per day', grid: true },
    y: { label: null },
    color: { legend: true, domain: ['interrupts', 'absorbed'], range: ['#dc2626', '#94a3b8'] },
    marks: [Plot.barX(rows, { x: 'perDay', y: 'component', fill: 'interrupts', sort: { y: '-x' }, tip: true })],
  });
}

export const FailuresChart = ({ report }: { report: ResilienceReport }) => (
  <PlotView label="failures per day by component" data={report} make={(Plot, w) => failuresPlot(Plot, report, w)} />
);

/** Each job's collective alone and together with the others, in us, side by side. */
export function slowdownPlot(Plot: PlotModule, report: ShareReport, width: number): Element {
  const rows = report.jobs.flatMap((j) => [
    { job: `${j.name}: ${j.op} ${bytesLabel(j.bytes)}`, run: 'alone', us: j.aloneUs },
    { job: `${j.name}: ${j.op} ${bytesLabel(j.bytes)}`, run: 'together', us: j.sharedUs },
  ]);
  return Plot.plot({
    width,
    height: 50 + report.jobs.length * 44,
    marginLeft: 170,
    x: { label: 'collective time (us)', grid: true },
    y: { axis: null },
    fy: { label: null, axis: 'left' },
    color: { legend: true, domain: ['alone', 'together'], range: ['#94a3b8', '#dc2626'] },
    marks: [Plot.barX(rows, { x: 'us', y: 'run', fy: 'job', fill: 'run', tip: true })],
  });
}

export const SlowdownChart = ({ report }: { report: ShareReport }) => (
  <PlotView label="each job alone and together" data={report} make={(Plot, w) => slowdownPlot(Plot, report, w)} />
);

/** Output tokens/s per GPU against tokens/s per user: every configuration, and the envelope. */
export function curvePlot(Plot: PlotModule, curve: Curve, width: number): Element {
  return Plot.plot({
    width,
    height: 360,
    marginLeft: 60,
    x: { type: 'log', label: 'tokens/s per user', grid: true },
    y: { label: 'output tokens/s per GPU', grid: true },
    marks: [
      Plot.dot(curve.points, { x: 'tokensPerSecPerUser', y: 'outputTokensPerSecPerGpu', fill: '#cbd5e1', r: 1.5 }),
      Plot.line(curve.envelope, { x: 'tokensPerSecPerUser', y: 'outputTokensPerSecPerGpu', stroke: '#dc2626' }),
      Plot.dot(curve.envelope, { x: 'tokensPerSecPerUser', y: 'outputTokensPerSecPerGpu', fill: '#dc2626', r: 3 }),
    ],
  });
}

/** Every chart of a run, for the HTML report. */
export function runPlots(Plot: PlotModule, run: RunResult, width: number): Element[] {
  if (run.kind === 'collective') return [busbwPlot(Plot, run.rows, width)];
  if (run.kind === 'train') return [breakdownPlot(Plot, run.report, width), timelinePlot(Plot, run.timeline, run.timelineDevices, width)];
  if (run.kind === 'resilience') return [failuresPlot(Plot, run.report, width)];
  if (run.kind === 'share') return [slowdownPlot(Plot, run.report, width)];
  if (run.kind === 'capacity') return [];
  if (run.kind === 'curve') return [curvePlot(Plot, run.report, width)];
  if (run.kind === 'plan-train' || run.kind === 'plan-serve') return [];
  return [latencyPlot(Plot, run.report.report, 'ttft', width), latencyPlot(Plot, run.report.report, 'tpot', width)];
}

export const BusbwChart = ({ rows }: { rows: readonly CollectiveRow[] }) => (
  <PlotView label="bus bandwidth against message size" data={rows} make={(Plot, w) => busbwPlot(Plot, rows, w)} />
);

export const BreakdownChart = ({ report }: { report: TrainReport }) => (
  <PlotView label="iteration breakdown" data={report} make={(Plot, w) => breakdownPlot(Plot, report, w)} />
);

export const TimelineChart = ({ bars, devices }: { bars: readonly TimelineBar[]; devices: number }) => (
  <PlotView label="timeline of a training step" data={bars} make={(Plot, w) => timelinePlot(Plot, bars, devices, w)} />
);

export const LatencyHistogram = ({ report, which }: { report: ServeReport; which: 'ttft' | 'tpot' }) => (
  <PlotView label={`${which.toUpperCase()} distribution`} data={report} make={(Plot, w) => latencyPlot(Plot, report, which, w)} />
);
