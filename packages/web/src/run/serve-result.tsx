/** Serving results: one run's percentiles, throughput and capacity under failures; the highest rate within the SLO; a KV-tier comparison; a steady state. */

import type { CapacityReport, ServeCommandReport, ServeReport } from '@supernode/core';
import { num, pct, powerLine } from '../ui/format.js';
import { LatencyHistogram } from './charts.js';

export function ServeResult({ result }: { result: ServeCommandReport }) {
  return (
    <>
      {result.maxRate ? (
        <p className="max-rate" data-max-rate={result.maxRate.rateRps}>
          Highest rate meeting the SLO: {num(result.maxRate.rateRps)} requests/s ({result.maxRate.tried.length} rates tried)
        </p>
      ) : null}
      {result.tiers ? <TierComparison tiers={result.tiers} /> : null}
      <ServeRun r={result.report} />
    </>
  );
}

/** The same load under each KV-tier list, against the first: prefix hits, TTFT, throughput, goodput. */
function TierComparison({ tiers }: { tiers: NonNullable<ServeCommandReport['tiers']> }) {
  const base = tiers[0]?.report;
  if (!base) return null;
  return (
    <div className="table-wrap">
      <table className="results" data-table="tiers">
        <thead>
          <tr>
            <th scope="col">tiers</th>
            <th scope="col">prefix hits</th>
            <th scope="col">TTFT p50 (ms)</th>
            <th scope="col">TTFT p50 vs first</th>
            <th scope="col">output tok/s/GPU</th>
            <th scope="col">vs first</th>
            <th scope="col">goodput (req/s)</th>
          </tr>
        </thead>
        <tbody>
          {tiers.map(({ tiers: list, report: r }) => (
            <tr key={list.join(',')} data-tiers={list.join(',')} data-ttft-p50={r.ttftMs.p50} data-output-tps={r.throughput.outputTokensPerSecPerGpu}>
              <th scope="row">{list.join(',')}</th>
              <td>{pct(r.kv.hitRate)}</td>
              <td>{num(r.ttftMs.p50)}</td>
              <td>{((r.ttftMs.p50 / base.ttftMs.p50 - 1) * 100).toFixed(1)}%</td>
              <td>{num(r.throughput.outputTokensPerSecPerGpu)}</td>
              <td>{num(r.throughput.outputTokensPerSecPerGpu / base.throughput.outputTokensPerSecPerGpu)}x</td>
              <td>{num(r.goodputRps)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ServeRun({ r }: { r: ServeReport }) {
  const rows: [string, { p50: number; p90: number; p99: number; mean: number }][] = [
    ['TTFT (ms)', r.ttftMs],
    ['TPOT (ms)', r.tpotMs],
    ['inter-token latency (ms)', r.itlMs],
    ['end to end (ms)', r.e2eMs],
  ];
  return (
    <>
      <p>
        {r.model} on {r.system}: {r.deployment.replicas.mixed + r.deployment.replicas.prefill + r.deployment.replicas.decode} replicas of{' '}
        {r.deployment.gpusPerReplica} GPUs, {r.requests} requests
        {r.deployment.weightOffload && r.deployment.weightOffload.layers > 0
          ? `; ${r.deployment.weightOffload.layers} layers' weights in ${r.deployment.weightOffload.tier === 'dram' ? 'host memory' : 'the CXL pool'}, ${num(r.deployment.weightOffload.fetchMsPerLayer)} ms to stream one in`
          : ''}
      </p>
      <div className="table-wrap">
        <table
          className="results"
          data-table="serve"
          data-ttft-p50={r.ttftMs.p50}
          data-tpot-p50={r.tpotMs.p50}
          data-output-tps={r.throughput.outputTokensPerSecPerGpu}
        >
          <thead>
            <tr>
              <th scope="col">metric</th>
              <th scope="col">p50</th>
              <th scope="col">p90</th>
              <th scope="col">p99</th>
              <th scope="col">mean</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, p]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{num(p.p50)}</td>
                <td>{num(p.p90)}</td>
                <td>{num(p.p99)}</td>
                <td>{num(p.mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {num(r.throughput.outputTokensPerSecPerGpu)} output tokens/s per GPU, {num(r.throughput.requestsPerSec)} requests/s; prefix-cache hits{' '}
        {pct(r.kv.hitRate)}; ${num(r.economics.usdPerMillionOutputTokens)} per million output tokens
      </p>
      <p data-gpu-watts={r.power.gpuWatts}>Power: {powerLine(r.power)}</p>
      <p data-host-cpu={r.hostCpu.utilization}>
        Host CPU: {num(r.hostCpu.busyCoresPerOs)} of {r.hostCpu.coresPerOs} cores busy in each of {r.hostCpu.osImages} OS images of {r.hostCpu.gpusPerOs} GPUs (
        {pct(r.hostCpu.utilization)})
      </p>
      {[...r.power.warnings, ...r.hostCpu.warnings].map((w) => (
        <p key={w} className="field-error">
          warning: {w}
        </p>
      ))}
      <p data-kv-tiers={r.kv.tiers.join(',')}>
        KV held per GPU:{' '}
        {r.kv.tiers
          .map((t) => {
            const tier = r.kv.byTier[t];
            return tier
              ? `${t} ${num(tier.tokensPerGpu)} tokens (${pct(tier.hitRate)} of prompt blocks hit here${t === 'hbm' ? '' : `, x${num(tier.capacityMultiplier)} of HBM with the tiers above`})`
              : t;
          })
          .join('; ')}
      </p>
      <p className="availability" data-availability={r.availability.availability} data-capacity-p99={r.availability.capacityP99}>
        Under failures: {pct(r.availability.availability)} of capacity up; a replica stops every {num(r.availability.replicaMtbfHours)} h for{' '}
        {num(r.availability.meanOutageS / 60)} min on average ({r.availability.spareGpus} spare GPUs); {r.availability.replicasDownP99} of{' '}
        {r.availability.replicas} replicas down at the worst 1% of moments
      </p>
      <LatencyHistogram report={r} which="ttft" />
      <LatencyHistogram report={r} which="tpot" />
    </>
  );
}

export function CapacityResult({ report: r }: { report: CapacityReport }) {
  return (
    <dl className="metrics" data-decode-tps={r.decodeTokensPerSecPerGpu} data-ttft-ms={r.ttftMs}>
      <dt>decode tokens/s per GPU</dt>
      <dd>
        {num(r.decodeTokensPerSecPerGpu)} {r.tpotTargetMs === null ? `at a batch of ${num(r.decodeBatchPerGroup)}` : `at TPOT ${num(r.tpotTargetMs)} ms`}
      </dd>
      <dt>decode batch per attention group</dt>
      <dd>
        {num(r.decodeBatchPerGroup)} at {num(r.context)} tokens of context (step {num(r.decodeStepMs)} ms)
      </dd>
      <dt>prefill tokens/s per GPU</dt>
      <dd>{num(r.prefillTokensPerSecPerGpu)}</dd>
      <dt>TTFT of a {num(r.promptTokens)}-token prompt, unloaded</dt>
      <dd>{num(r.ttftMs)} ms</dd>
      {r.weightOffload && (
        <>
          <dt>weights off the GPU</dt>
          <dd>
            {r.weightOffload.layers} layers in {r.weightOffload.tier === 'dram' ? 'host memory' : 'the CXL pool'}, streamed in each pass
          </dd>
        </>
      )}
      <dt>cost</dt>
      <dd>
        ${r.usdPerMillionOutputTokens.toPrecision(3)} per million output tokens, {num(r.joulesPerOutputToken)} J each
      </dd>
    </dl>
  );
}
