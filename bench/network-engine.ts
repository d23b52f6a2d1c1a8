/** Benchmark of the flow-level network engine: a million flows on a fat tree, an ECMP-hashed variant, and a chained 128-rank ring. */

import { performance } from 'node:perf_hooks';
import { createNetworkSimulation, type NetworkSimulation } from '../packages/core/src/network/index.js';

// Run: node --conditions=supernode-src --import tsx bench/network-engine.ts [abc] [flows in (c)]

/**
 * A three-tier fat tree with 4,096 hosts: 16 hosts per edge switch, pods of 16 edge and 16
 * aggregation switches (16 pods), 256 core switches (core a*16 + j links to aggregation switch a
 * of every pod). Every link is 400 Gbit/s = 50 GB/s per direction; 12,288 cables, 24,576 directed links.
 */
const HOSTS = 4096;
const LINK_BYTES_PER_S = 50e9;
const hostUp = (h: number) => 2 * h;
const hostDown = (h: number) => 2 * h + 1;
const EDGE_BASE = 2 * HOSTS;
const edgeUp = (edge: number, agg: number) => EDGE_BASE + 2 * (edge * 16 + agg);
const edgeDown = (edge: number, agg: number) => edgeUp(edge, agg) + 1;
const AGG_BASE = EDGE_BASE + 2 * 256 * 16;
const aggUp = (pod: number, agg: number, slot: number) => AGG_BASE + 2 * ((pod * 16 + agg) * 16 + slot);
const aggDown = (pod: number, agg: number, slot: number) => aggUp(pod, agg, slot) + 1;
const LINKS = AGG_BASE + 2 * 256 * 16;

/** Up-down route from host s to host d (different edge switches) through aggregation index `agg` and core slot `slot`: 4 or 6 links. */
function fatTreeRoute(s: number, d: number, agg: number, slot: number, out: Int32Array): Int32Array {
  const es = s >> 4;
  const ed = d >> 4;
  const ps = es >> 4;
  const pd = ed >> 4;
  out[0] = hostUp(s);
  out[1] = edgeUp(es, agg);
  if (ps === pd) {
    out[2] = edgeDown(ed, agg);
    out[3] = hostDown(d);
    return out.subarray(0, 4);
  }
  out[2] = aggUp(ps, agg, slot);
  out[3] = aggDown(pd, agg, slot);
  out[4] = edgeDown(ed, agg);
  out[5] = hostDown(d);
  return out.subarray(0, 6);
}

/** A deterministic 32-bit integer mix (lowbias32 by Chris Wellons), standing in for an ECMP hash. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const SIZES = [1e6, 2e6, 4e6, 8e6];

/**
 * Flow i goes from host s = i mod 4096 to s + shift(round) in round i / 4096 (a shift permutation,
 * so every host sends and receives one flow per round), with 4 sizes by round. `hashed` false:
 * d-mod-k routing (aggregation index d mod 16, core slot (d / 16) mod 16), which spreads every
 * round perfectly, so all flows of a size finish together: 5 events, and the run must end when
 * each host link has moved its 64 x (1 + 2 + 4 + 8) MB = 960 MB at 50 GB/s, at 19.2 ms. `hashed`
 * true: ECMP hash of (s, d, i), whose collisions make uneven bottlenecks and many distinct
 * completion times (each one a re-solve of most of the fabric).
 */
function addFatTreeFlows(sim: NetworkSimulation, flows: number, hashed: boolean, sample: () => void): void {
  const scratch = new Int32Array(6);
  for (let i = 0; i < flows; i++) {
    const s = i & (HOSTS - 1);
    const round = i >> 12;
    const d = (s + 16 + ((round * 15) % (HOSTS - 32))) & (HOSTS - 1);
    const h = hashed ? mix(s * 7919 + d * 104729 + i) : 0;
    const agg = hashed ? h & 15 : d & 15;
    const slot = hashed ? (h >>> 4) & 15 : (d >> 4) & 15;
    sim.addFlow({ route: fatTreeRoute(s, d, agg, slot, scratch), bytes: SIZES[round & 3] as number });
    if ((i & 0xffff) === 0) sample();
  }
}

interface Measured {
  wallMs: number;
  finalTime: number;
  peakRssMiB: number;
  heapUsedMiB: number;
  /** Typed-array memory (outside the JS heap) while the simulation is still alive. */
  arrayBuffersMiB: number;
  stats: ReturnType<NetworkSimulation['stats']>;
}

const mib = (b: number) => b / 2 ** 20;

function fatTreeCase(flows: number, hashed: boolean): Measured {
  let peakRss = process.memoryUsage.rss();
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
  const t0 = performance.now();
  const sim = createNetworkSimulation({ linkCapacity: new Float64Array(LINKS).fill(LINK_BYTES_PER_S) });
  addFatTreeFlows(sim, flows, hashed, sample);
  while (sim.step()) sample();
  const wallMs = performance.now() - t0;
  sample();
  const memory = process.memoryUsage();
  return {
    wallMs,
    finalTime: sim.now(),
    peakRssMiB: mib(peakRss),
    heapUsedMiB: mib(memory.heapUsed),
    arrayBuffersMiB: mib(memory.arrayBuffers),
    stats: sim.stats(),
  };
}

/**
 * Ring all-reduce on 128 GPUs behind one scale-up switch (GPU g: uplink 2g, downlink 2g + 1,
 * 450 GB/s each): 2 (n - 1) = 254 steps; in each, GPU g sends a chunk of S / n to g + 1, and its
 * next send is chained from the onComplete of its previous one. One shared callback maps the
 * finished flow id back to its GPU, as a collective model would (no closure per flow).
 */
function ringCase(): Measured {
  const n = 128;
  const steps = 2 * (n - 1);
  const chunkBytes = 1e9 / n;
  const t0 = performance.now();
  const sim = createNetworkSimulation({ linkCapacity: new Float64Array(2 * n).fill(450e9) });
  const routes = Array.from({ length: n }, (_, g) => Int32Array.of(2 * g, 2 * ((g + 1) % n) + 1));
  const gpuOf: number[] = [];
  const stepsDone = new Int32Array(n);
  const send = (g: number) => {
    gpuOf[sim.addFlow({ route: routes[g] as Int32Array, bytes: chunkBytes, onComplete })] = g;
  };
  const onComplete = (flowId: number) => {
    const g = gpuOf[flowId] as number;
    stepsDone[g] = (stepsDone[g] as number) + 1;
    if ((stepsDone[g] as number) < steps) send(g);
  };
  for (let g = 0; g < n; g++) send(g);
  const finalTime = sim.run();
  const wallMs = performance.now() - t0;
  const memory = process.memoryUsage();
  return {
    wallMs,
    finalTime,
    peakRssMiB: mib(memory.rss),
    heapUsedMiB: mib(memory.heapUsed),
    arrayBuffersMiB: mib(memory.arrayBuffers),
    stats: sim.stats(),
  };
}

function report(name: string, m: Measured): void {
  const s = m.stats;
  console.log(
    `${name}: wall ${(m.wallMs / 1000).toFixed(3)} s, simulated ${m.finalTime.toPrecision(6)} s, events ${s.events}, solves ${s.solves}, ` +
      `flows solved ${s.flowsSolvedTotal}, max active ${s.maxActiveFlows}, peak RSS ${m.peakRssMiB.toFixed(0)} MiB, heapUsed ${m.heapUsedMiB.toFixed(0)} MiB, arrayBuffers ${m.arrayBuffersMiB.toFixed(0)} MiB`,
  );
}

// Arguments: which cases (default abc), then the flow count of case (c) (default 8192).
const MILLION = 1_048_576;
const cases = process.argv[2] ?? 'abc';
const hashedFlows = Number(process.argv[3] ?? 8192);
if (cases.includes('a')) report(`(a) fat tree, ${MILLION} flows, d-mod-k`, fatTreeCase(MILLION, false));
if (cases.includes('b')) {
  report('(b) ring 128 x 254 chained steps, first run', ringCase());
  report('(b) ring 128 x 254 chained steps, second run', ringCase());
}
if (cases.includes('c')) report(`(c) fat tree, ${hashedFlows} flows, ECMP-hashed`, fatTreeCase(hashedFlows, true));
