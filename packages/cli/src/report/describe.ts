/** Human rendering of a DescribeReport: sections of key-value tables, warnings last. */

import type { DescribeReport, TransportReport } from '@supernode/core';
import { formatUsd } from '@supernode/core';
import { heading, num, table, warn } from './table.js';

export function renderDescribe(r: DescribeReport): string {
  const out: string[] = [];
  out.push(heading(`${r.name}: ${r.description}`));
  out.push(`source: ${r.source}`);
  out.push(
    table(
      ['system', ''],
      [
        ['GPUs', `${r.gpus} x ${r.gpu.name}`],
        ['servers / racks', `${r.servers} / ${r.racks}`],
        [
          'hosts (OS images)',
          `${r.hosts.count} of ${r.hosts.gpusPerOs} GPUs: ${r.hosts.cpuSockets} CPU sockets, ${num(r.hosts.hostDramTB)} TB host memory (${num(r.hosts.hostDramPerGpuGB)} GB a GPU)`,
        ],
        ['GPU peak (dense)', `BF16 ${num(r.gpu.bf16Tflops)} TFLOP/s, FP8 ${num(r.gpu.fp8Tflops)}, FP4 ${num(r.gpu.fp4Tflops)}`],
        ['GPU memory', `${num(r.gpu.hbmGB)} GB HBM (${num(r.gpu.hbmUsableGiB)} GiB usable) at ${num(r.gpu.hbmTBps)} TB/s, TDP ${num(r.gpu.tdpW)} W`],
        ['bisection bandwidth', `${num(r.bisectionBandwidthTBps)} TB/s per direction`],
        [
          'GPU-to-GPU',
          `${r.gpuToGpu.switchHopsMin}-${r.gpuToGpu.switchHopsMax} switch hops, ${num(r.gpuToGpu.latencyNsMin)}-${num(r.gpuToGpu.latencyNsMax)} ns one way`,
        ],
      ],
    ),
  );
  const up = r.scaleUp;
  out.push(heading('scale-up (layer 1)'));
  out.push(
    table(
      ['', ''],
      [
        ['domains', `${up.domains} x ${up.domainSize} GPUs`],
        [
          'switch',
          `${up.switch}, ${up.tiers === 1 ? 'single-stage' : `${up.tiers} tiers`}, ${up.planes} planes, ${up.switchesPerDomain} switches per domain (${up.switches} in all)`,
        ],
        ['bandwidth per GPU', `${num(up.bandwidthPerGpuGBps)} GB/s per direction (${up.lanesPerGpu} lanes), protocol efficiency ${up.protocolEfficiency}`],
        ['switch hops / latency', `${up.switchHops} hop${up.switchHops === 1 ? '' : 's'}, ${num(up.reach.latencyNsMin)}-${num(up.reach.latencyNsMax)} ns`],
        [
          'features',
          `${up.inSwitchReduction ? 'in-switch reduction' : 'no in-switch reduction'}, ${up.memorySemantics ? 'memory semantics' : 'no memory semantics'}`,
        ],
        ...up.switchTiers.map((t) => [`${t.name} radix`, `${t.count} switches, ${t.lanesUsed}/${t.lanesAvailable} lanes used`]),
      ],
    ),
  );
  if (r.scaleOut) {
    const so = r.scaleOut;
    out.push(heading('scale-out (layer 2)'));
    out.push(
      table(
        ['tier', 'switches', 'ports used / radix', 'lanes used'],
        so.switchTiers.map((t) => [t.name, String(t.count), `${t.portsUsed} / ${t.radix}`, `${t.lanesUsed} / ${t.lanesAvailable}`]),
      ),
    );
    out.push(
      `${so.nicsPerGpu} x ${so.nic} per GPU = ${num(so.bandwidthPerGpuGbps)} Gbit/s; ${so.switch}, ${so.tiers} tiers, ${so.planes} plane${so.planes > 1 ? 's' : ''}, ` +
        `${so.railOptimized ? 'rail-optimized' : 'not rail-optimized'}, oversubscription ${so.oversubscription}:1` +
        (so.nicAttach === 'scale-up' ? '; NICs pooled on the scale-up switches' : '') +
        (so.reach
          ? `; across domains ${so.reach.switchHopsMin}-${so.reach.switchHopsMax} switch hops, ${num(so.reach.latencyNsMin)}-${num(so.reach.latencyNsMax)} ns`
          : ''),
    );
    out.push(transportLine(so.transport));
  }
  if (r.dcn || r.cxl || r.ssd) {
    out.push(heading('DCN and memory pools'));
    const rows: string[][] = [];
    if (r.dcn) {
      rows.push(
        r.dcn.converged
          ? [
              'DCN (converged)',
              `the scale-out network, ${num(r.dcn.bandwidthPerServerGbps)} Gbit/s per server shared with collectives; serves ${r.dcn.attached.join(', ')}`,
            ]
          : ['DCN (layer 3)', `${num(r.dcn.bandwidthPerServerGbps)} Gbit/s per server (${r.dcn.nic}); serves ${r.dcn.attached.join(', ')}`],
      );
    }
    if (r.cxl)
      rows.push([
        'CXL pool',
        `${r.cxl.pools} x ${r.cxl.pool} (${num(r.cxl.capacityPerPoolGB)} GB), ${num(r.cxl.bandwidthPerHostGBps)} GB/s per host, ${num(r.cxl.loadLatencyNs)} ns load, attached to ${r.cxl.attach}`,
      ]);
    if (r.ssd)
      rows.push([
        'local drives',
        `${r.ssd.drives} NVMe drives per ${r.ssd.per} (${r.ssd.attach === 'host' ? "behind its CPUs' PCIe" : 'on the scale-up switches'}): ${num(r.ssd.writeTBps)} TB/s write, ${num(r.ssd.readTBps)} TB/s read in all; checkpoints land here first`,
      ]);
    out.push(table(['', ''], rows));
  }
  out.push(heading('power and cost'));
  out.push(
    table(
      ['component', 'power (kW)', 'capex'],
      Object.keys(r.power.byComponentKw)
        .map((k) => [
          k,
          num(r.power.byComponentKw[k as keyof typeof r.power.byComponentKw]),
          formatUsd(r.cost.byComponentUsd[k as keyof typeof r.cost.byComponentUsd] ?? 0),
        ])
        .concat([
          ['rack', '-', formatUsd(r.cost.byComponentUsd.rack)],
          ['total', num(r.power.totalKw), formatUsd(r.cost.capexUsd)],
        ]),
    ),
  );
  out.push(
    `per rack ${num(r.power.rackKw)} kW of ${num(r.power.rackBudgetKw)} kW supply and ${num(r.power.heatBudgetKw)} kW heat budget; ` +
      (r.power.shelves
        ? `${r.power.shelves.count} power shelves, ${r.power.shelves.psus} PSUs of ${num(r.power.shelves.psuKw)} kW (${num(r.power.shelves.capacityKw)} kW, ` +
          `${r.power.shelves.spare >= 0 ? `N+${r.power.shelves.spare}` : 'short'} at the rack's draw); `
        : '') +
      `facility ${num(r.power.facilityKw)} kW at PUE ${r.power.pue}; ${formatUsd(r.cost.perGpuUsd)} per GPU; ` +
      `$${r.cost.usdPerGpuHour.toFixed(2)} per GPU-hour (written off over ${r.cost.lifetimeYears} years, energy at $${r.cost.electricityUsdPerKwh}/kWh)`,
  );
  out.push(heading('failures (a job on every GPU)'));
  out.push(
    table(
      ['component', 'units', 'failures/day', 'interrupts', 'blast radius (GPUs)', 'detect', 'repair'],
      r.failures.components.map((c) => [
        c.component,
        `${num(c.units)} ${c.unit}`,
        c.failuresPerDay.toPrecision(3),
        c.interrupts ? 'yes' : 'no',
        `${c.blastRadiusGpus} (${c.scope})`,
        `${num(c.detectS)} s`,
        `${num(c.repairS / 3600)} h`,
      ]),
    ),
  );
  out.push(
    `${r.failures.interruptionsPerDay.toPrecision(3)} interruptions a day, one every ${num(r.failures.mtbfHours)} h; ${r.failures.gpusPerOs} GPUs per OS image`,
  );
  if (r.condition) out.push(heading('condition of this run'), ...conditionLines(r.condition));
  if (r.assumptions.length > 0) out.push(`assumptions:\n${r.assumptions.map((a) => `  - ${a}`).join('\n')}`);
  for (const w of r.warnings) out.push(warn(w));
  return out.join('\n');
}

/** The failed and slow parts of a degraded system, a line each: what flow runs route around or wait for. */
function conditionLines(c: NonNullable<DescribeReport['condition']>): string[] {
  const fields = (o: object) =>
    Object.entries(o)
      .filter(([k]) => k !== 'kind' && k !== 'speed')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  return [
    ...c.failed.map((f) => `failed: ${f.kind} (${fields(f)})`),
    ...c.slowLinks.map((l) => `slow link: ${fields(l)} at ${num(l.speed * 100, 3)}%`),
    ...(c.slowestGpu
      ? [
          `${c.slowGpus} GPUs below nominal speed; the slowest, GPU ${c.slowestGpu.rank}, at ${num(c.slowestGpu.speed * 100, 3)}%; mean speed ${num(c.meanGpuSpeed * 100, 4)}%`,
        ]
      : []),
  ];
}

/** The transport line: its share of the line rate, its ramp in bytes or its host time a message, what a tree's chunk waits. */
function transportLine(t: TransportReport): string {
  if (t.lineRateShare === 1 && t.halfRateStepBytes === 0 && t.messageOverheadUs === 0 && t.treeMessageUs === 0) {
    return `transport ${t.name}: the whole line rate at every message size (the baseline the scale-out efficiency was fitted on)`;
  }
  const parts = [`${num(t.lineRateShare)} of the line rate at large messages`];
  if (t.halfRateStepBytes > 0) parts.push(`half of that at a ${num(t.halfRateStepBytes / 2 ** 20)} MiB ring step a rank`);
  if (t.messageOverheadUs > 0) parts.push(`${num(t.messageOverheadUs)} us of host time a message`);
  if (t.treeMessageUs > 0) parts.push(`a tree's chunk waits ${num(t.treeMessageUs)} us a message`);
  return `transport ${t.name}: ${parts.join('; ')}`;
}
