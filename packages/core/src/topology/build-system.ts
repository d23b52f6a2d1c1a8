/** Builds the topology graph of a System: hosts and GPUs, scale-up planes, scale-out Clos planes, DCN and CXL pools. */

import { splitEvenly } from '../system/scale-up.js';
import type { System } from '../system/system.js';
import type { BytesPerSecond, Seconds } from '../units/units.js';
import { FabricHealth } from './fabric-health.js';
import { type Topology, TopologyBuilder } from './topology.js';

interface Ids {
  readonly hosts: number[];
  readonly gpus: number[];
  /** Scale-up switches each GPU's domain reaches in one hop (tier 1) or the leaves (tier 2), per domain. */
  readonly upSwitchesByDomain: number[][];
}

export interface TopologyOptions {
  /**
   * `each` builds every switch plane (describe, hop counts, failure studies). `merged` folds the parallel planes
   * of each fabric into one plane of their summed capacity: GPUs and NICs stripe traffic across identical planes,
   * so for flow simulation the planes act as one fat plane, with a fraction of the flows and paths.
   */
  readonly planes?: 'each' | 'merged';
  /**
   * `each` builds every switch. `pooled` lets the switches a flow can balance over act as one: the spines of a
   * 2-tier Clos plane, and in 3 tiers the aggregation switches of each pod and all the cores of a plane, each
   * pooled switch joined to the tier below by one trunk of all the links between them. This is the fluid picture
   * of ideal adaptive routing (per-packet load balancing over every equal-cost path): only the sum of a tier's
   * links limits a flow, never an unlucky hash. Hop counts and latencies are those of the real fabric.
   */
  readonly switches?: 'each' | 'pooled';
  /**
   * Pools the scale-up tiers alone (`switches: 'pooled'` pools both): memory-semantic scale-up fabrics (NVLink,
   * UB, UALink) spread every packet over their links rather than hashing flows, so flow runs pool their spines
   * whatever the scale-out routing.
   */
  readonly poolScaleUp?: boolean;
}

export function buildTopology(system: System, options: TopologyOptions = {}): Topology {
  const merged = options.planes === 'merged';
  const pooled = options.switches === 'pooled';
  const b = new TopologyBuilder();
  const ids = addServers(b, system);
  const health = new FabricHealth(system.failures, system.stragglers?.links);
  addScaleUp(b, system, ids, merged, pooled || options.poolScaleUp === true, health);
  if (system.scaleOut) addScaleOut(b, system, ids, merged, pooled, health);
  addDcn(b, system, ids);
  addCxl(b, system, ids);
  return b.build();
}

function addServers(b: TopologyBuilder, system: System): Ids {
  const { server, scaleUp } = system.spec;
  const zero = 0 as Seconds;
  const hosts: number[] = [];
  const gpus: number[] = [];
  for (let s = 0; s < system.servers; s++) {
    const host = b.addNode({ kind: 'cpu', name: `server${s}/host`, layer: 'host', server: s, latency: zero });
    hosts.push(host);
    for (let i = 0; i < server.gpus; i++) {
      const rank = s * server.gpus + i;
      gpus.push(b.addNode({ kind: 'gpu', name: `gpu${rank}`, layer: 'host', server: s, domain: Math.floor(rank / scaleUp.domainSize), latency: zero }));
    }
  }
  // Host links join after all GPUs so GPU node ids follow rank order tightly within a server.
  for (let s = 0; s < system.servers; s++) {
    for (let i = 0; i < server.gpus; i++) {
      b.connect(hosts[s] as number, gpus[s * server.gpus + i] as number, server.hostLinkBandwidth, zero, 'host');
    }
  }
  return { hosts, gpus, upSwitchesByDomain: [] };
}

/** Lanes of `planes` (a plane, or all of them when merged) that work, and their rate in lanes (a slow lane counts at its speed). */
function survivingLanes(
  lanesByPlane: readonly number[],
  planes: readonly number[],
  works: (plane: number) => boolean | number,
): { lanes: number; rate: number } {
  let lanes = 0;
  let rate = 0;
  for (const p of planes) {
    const r = Number(works(p));
    if (r > 0) lanes += lanesByPlane[p] ?? 0;
    rate += r * (lanesByPlane[p] ?? 0);
  }
  return { lanes, rate };
}

function addScaleUp(b: TopologyBuilder, system: System, ids: Ids, merged: boolean, pooled: boolean, health: FabricHealth): void {
  const up = system.spec.scaleUp;
  const plan = system.scaleUp;
  const laneRate = up.switch.laneRate;
  const leafGpus = plan.tiers === 2 ? up.leafGpus : up.domainSize;
  for (let d = 0; d < system.domains; d++) {
    const reach: number[] = [];
    const byPlane = plan.lanesPerGpuByPlane;
    (merged ? [plan.lanesPerGpu] : byPlane).forEach((_lanes, p) => {
      const folded = merged ? byPlane.map((_, j) => j) : [p];
      const leaves: number[] = [];
      for (let l = 0; l < plan.leavesPerPlane; l++) {
        const tier = plan.tiers === 2 ? 'leaf' : 'single-stage';
        leaves.push(
          b.addNode({ kind: 'switch', name: `domain${d}/plane${p}/${tier}${l}`, layer: 'scale-up', tier, plane: p, domain: d, latency: up.switchLatency }),
        );
      }
      reach.push(...leaves);
      for (let i = 0; i < up.domainSize; i++) {
        const rank = d * up.domainSize + i;
        const { lanes, rate } = survivingLanes(byPlane, folded, (j) => health.upLink(rank, d, j));
        if (lanes === 0) continue;
        b.connect(ids.gpus[rank] as number, leaves[Math.floor(i / leafGpus)] as number, (rate * laneRate) as BytesPerSecond, up.linkLatency, 'scale-up', lanes);
      }
      const { lanes } = survivingLanes(byPlane, folded, (j) => health.upPlane(d, j));
      if (plan.tiers === 2) {
        const spines = Array.from({ length: pooled ? 1 : plan.spinesPerPlane }, (_, s) =>
          b.addNode({
            kind: 'switch',
            name: pooled ? `domain${d}/plane${p}/spines` : `domain${d}/plane${p}/spine${s}`,
            layer: 'scale-up',
            tier: 'spine',
            plane: p,
            domain: d,
            latency: up.switchLatency,
          }),
        );
        if (lanes === 0) return;
        leaves.forEach((leaf, l) => {
          trunks(b, leaf, spines, leafGpus * lanes, l, laneRate, up.linkLatency, 'scale-up');
        });
      }
    });
    ids.upSwitchesByDomain.push(reach);
  }
}

/** Spreads `links` uplinks of `from` over `to` as evenly as possible, rotating the extra links by `offset`. */
function trunks(
  b: TopologyBuilder,
  from: number,
  to: readonly number[],
  links: number,
  offset: number,
  speed: number,
  latency: Seconds,
  layer: 'scale-up' | 'scale-out',
  share: (target: number) => number = () => 1,
): void {
  const widths = splitEvenly(links, to.length);
  to.forEach((target, j) => {
    const width = widths[(j - offset + to.length * 1024) % to.length] ?? 0;
    const alive = share(j);
    if (width > 0 && alive > 0) b.connect(from, target, (width * speed * alive) as BytesPerSecond, latency, layer, width);
  });
}

/** Share of a leaf's uplinks to the pooled spines that survive: the rotated per-spine widths, each kept or lost. */
function pooledShare(links: number, spines: number, leaf: number, spineShare: (spine: number) => number): number {
  const widths = splitEvenly(links, spines);
  let alive = 0;
  for (let s = 0; s < spines; s++) alive += (widths[(s - leaf + spines * 1024) % spines] ?? 0) * spineShare(s);
  return links > 0 ? alive / links : 1;
}

function addScaleOut(b: TopologyBuilder, system: System, ids: Ids, merged: boolean, pooled: boolean, health: FabricHealth): void {
  const out = system.spec.scaleOut;
  const plan = system.scaleOut;
  if (!out || !plan) return;
  const planes = merged ? 1 : plan.planes;
  const widen = merged ? plan.planes : 1;
  const serverGpus = system.spec.server.gpus;
  const allPlanes = Array.from({ length: plan.planes }, (_, j) => j);
  const folded = (p: number) => (merged ? allPlanes : [p]);
  const switchNode = (name: string, tier: string, plane: number) =>
    b.addNode({ kind: 'switch', name: `plane${plane}/${name}`, layer: 'scale-out', tier, plane, latency: out.switchLatency });
  const leaves = Array.from({ length: planes }, (_, p) => Array.from({ length: plan.leavesPerPlane }, (_, l) => switchNode(`leaf${l}`, 'leaf', p)));
  const hostBandwidth = Math.min(out.nic.hostBandwidth, system.spec.server.hostLinkBandwidth) as BytesPerSecond;
  // NICs pooled on the scale-up fabric (scaleOut.nicAttach scale-up) hang on their GPU's scale-up leaf, NIC k on plane
  // k: a GPU's scale-out traffic crosses its own scale-up link, and any GPU of the domain reaches the NIC. Which NIC a
  // transfer leaves by is the transport's choice (comm/transport-routing.ts), not the shortest path's.
  const nicSwitch = (rank: number, k: number): number | undefined => {
    if (out.nicAttach !== 'scale-up') return undefined;
    const domainSize = system.spec.scaleUp.domainSize;
    const leaves = system.scaleUp.leavesPerPlane;
    const leafGpus = system.scaleUp.tiers === 2 ? system.spec.scaleUp.leafGpus : domainSize;
    const reach = ids.upSwitchesByDomain[Math.floor(rank / domainSize)] ?? [];
    const planesBuilt = Math.max(1, Math.floor(reach.length / leaves));
    return reach[(k % planesBuilt) * leaves + Math.floor((rank % domainSize) / leafGpus)];
  };
  ids.gpus.forEach((gpu, rank) => {
    const s = Math.floor(rank / serverGpus);
    const local = rank % serverGpus;
    for (let k = 0; k < out.nicsPerGpu; k++) {
      const nic = b.addNode({ kind: 'nic', name: `gpu${rank}/nic${k}`, layer: 'scale-out', server: s, rank, latency: out.nic.latency });
      b.connect(nicSwitch(rank, k) ?? gpu, nic, hostBandwidth, 0 as Seconds, 'host');
      for (let q = 0; q < out.nic.ports; q++) {
        const port: number = k * out.nic.ports + q;
        const plane = port % plan.planes;
        if (merged && plane !== 0) continue;
        const rail = local * plan.portsPerGpuPerPlane + Math.floor(port / plan.planes);
        const leaf = leafIndex(out.railOptimized, s, rail, plan.railsPerServer, plan.leafDownPorts);
        // Merged, this link stands for the same port of every plane (ports k*ports+q .. +planes-1 of this NIC).
        const alive = health.healthy ? 1 : FabricHealth.share(merged ? allPlanes : [plane], (j) => health.outPort(rank, k, j, leaf));
        if (alive === 0) continue;
        b.connect(nic, leaves[merged ? 0 : plane]?.[leaf] as number, (plan.portSpeed * widen * alive) as BytesPerSecond, out.linkLatency, 'scale-out', widen);
      }
    }
  });
  const uplinkSpeed = plan.uplinkSpeed * widen;
  // Three tiers: a trunk works while both its ends do; aggregation a of pod q is index q x aggsPerPod + a, core c of
  // aggregation a's group is a x coresPerGroup + c.
  const agg = (j: number, pod: number, a: number) => health.outSwitch('aggregation', j, pod * plan.aggsPerPod + a);
  const core = (j: number, a: number, c: number) => health.outSwitch('core', j, a * plan.coresPerGroup + c);
  const leafAlive = (j: number, leaf: number) => health.outSwitch('leaf', j, leaf);
  for (let p = 0; p < planes; p++) {
    const planeLeaves = leaves[p] ?? [];
    if (plan.tiers === 2) {
      const spines = pooled ? [switchNode('spines', 'spine', p)] : Array.from({ length: plan.spinesPerPlane }, (_, s) => switchNode(`spine${s}`, 'spine', p));
      planeLeaves.forEach((leaf, l) => {
        const spineShare = (s: number) => FabricHealth.share(folded(p), (j) => health.outSwitch('leaf', j, l) && health.outSwitch('spine', j, s));
        const share = pooled ? () => pooledShare(plan.leafUplinks, plan.spinesPerPlane, l, spineShare) : spineShare;
        trunks(b, leaf, spines, plan.leafUplinks, l, uplinkSpeed, out.linkLatency, 'scale-out', share);
      });
      continue;
    }
    if (pooled) {
      const cores = switchNode('cores', 'core', p);
      for (let pod = 0; pod < plan.pods; pod++) {
        const aggs = switchNode(`pod${pod}/aggs`, 'aggregation', p);
        planeLeaves.slice(pod * plan.leavesPerPod, (pod + 1) * plan.leavesPerPod).forEach((leaf, l) => {
          const global = pod * plan.leavesPerPod + l;
          const up = (a: number) => FabricHealth.share(folded(p), (j) => leafAlive(j, global) && agg(j, pod, a));
          const share = () => pooledShare(plan.leafUplinks, plan.aggsPerPod, l, up);
          trunks(b, leaf, [aggs], plan.leafUplinks, 0, uplinkSpeed, out.linkLatency, 'scale-out', share);
        });
        // The pod's pooled trunk to the cores: each aggregation's uplinks, rotated by pod, kept while both ends work.
        const coreShare = () => {
          let alive = 0;
          for (let a = 0; a < plan.aggsPerPod; a++) {
            const up = (c: number) => FabricHealth.share(folded(p), (j) => agg(j, pod, a) && core(j, a, c));
            alive += pooledShare(plan.aggUplinks, plan.coresPerGroup, pod, up);
          }
          return alive / plan.aggsPerPod;
        };
        trunks(b, aggs, [cores], plan.aggsPerPod * plan.aggUplinks, 0, uplinkSpeed, out.linkLatency, 'scale-out', coreShare);
      }
      continue;
    }
    const cores = Array.from({ length: plan.aggsPerPod }, (_, g) =>
      Array.from({ length: plan.coresPerGroup }, (_, c) => switchNode(`core${g}.${c}`, 'core', p)),
    );
    for (let pod = 0; pod < plan.pods; pod++) {
      const aggs = Array.from({ length: plan.aggsPerPod }, (_, a) => switchNode(`pod${pod}/agg${a}`, 'aggregation', p));
      planeLeaves.slice(pod * plan.leavesPerPod, (pod + 1) * plan.leavesPerPod).forEach((leaf, l) => {
        const global = pod * plan.leavesPerPod + l;
        const up = (a: number) => FabricHealth.share(folded(p), (j) => leafAlive(j, global) && agg(j, pod, a));
        trunks(b, leaf, aggs, plan.leafUplinks, l, uplinkSpeed, out.linkLatency, 'scale-out', up);
      });
      aggs.forEach((node, a) => {
        const up = (c: number) => FabricHealth.share(folded(p), (j) => agg(j, pod, a) && core(j, a, c));
        trunks(b, node, cores[a] ?? [], plan.aggUplinks, pod, uplinkSpeed, out.linkLatency, 'scale-out', up);
      });
    }
  }
}

/** The leaf a NIC port attaches to: rail-optimized leaves serve one rail of a block of servers. */
export function leafIndex(railOptimized: boolean, server: number, rail: number, rails: number, downPorts: number): number {
  if (railOptimized) return Math.floor(server / downPorts) * rails + rail;
  return Math.floor((server * rails + rail) / downPorts);
}

function addDcn(b: TopologyBuilder, system: System, ids: Ids): void {
  const dcn = system.spec.dcn;
  if (!dcn) return;
  const fabric = b.addNode({ kind: 'fabric', name: 'dcn', layer: 'dcn', latency: dcn.latency });
  // Converged (2-layer): the host reaches the store through its scale-out NICs, which collectives share.
  const scaleOut = system.spec.scaleOut;
  const perServer = (
    dcn.converged && scaleOut ? scaleOut.nic.rate * scaleOut.nicsPerGpu * system.spec.server.gpus : dcn.nic.rate * dcn.nicsPerServer
  ) as BytesPerSecond;
  for (const host of ids.hosts) b.connect(host, fabric, perServer, 0 as Seconds, 'dcn');
  const storage = b.addNode({ kind: 'storage', name: 'dcn/store', layer: 'dcn', latency: 0 as Seconds });
  b.connect(fabric, storage, (dcn.storageBandwidth ?? perServer * ids.hosts.length) as BytesPerSecond, 0 as Seconds, 'dcn');
}

function addCxl(b: TopologyBuilder, system: System, ids: Ids): void {
  const cxl = system.spec.cxl;
  if (!cxl) return;
  const oneWay = (cxl.pool.loadLatency / 2) as Seconds;
  for (let i = 0; i < system.cxlPools; i++) {
    const pool = b.addNode({ kind: 'memory', name: `cxl${i}`, layer: 'cxl', latency: 0 as Seconds });
    const servers = ids.hosts.slice(i * cxl.hostsPerPool, (i + 1) * cxl.hostsPerPool);
    if (cxl.attach === 'host') {
      for (const host of servers) b.connect(host, pool, cxl.pool.bandwidthPerHost, oneWay, 'cxl');
      continue;
    }
    const domain = Math.floor((i * cxl.hostsPerPool * system.spec.server.gpus) / system.spec.scaleUp.domainSize);
    for (const sw of ids.upSwitchesByDomain[domain] ?? []) b.connect(sw, pool, cxl.pool.bandwidthPerHost, oneWay, 'cxl');
  }
}
