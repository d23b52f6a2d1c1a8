/** Chakra traces: the protobuf form written and read back, the jsonizer's JSON read, bad traces refused by node, and a step exported and replayed to its own time. */

import { describe, expect, it } from 'vitest';
import { models } from '../models/registry.js';
import { buildPreset } from '../test-support.js';
import { train } from '../training/train.js';
import { ChakraError, type ChakraNode, decodeChakraEt, encodeChakraEt, parseChakraJson } from './chakra.js';
import { CHAKRA_VERSION, chakraTracesOf } from './chakra-export.js';
import { runChakraTraces } from './run-chakra.js';

const node = (id: number, type: ChakraNode['type'], deps: number[], durationMicros: number, attrs: [string, number | string | boolean][] = []): ChakraNode => ({
  id,
  name: `n${id}`,
  type,
  ctrlDeps: [],
  dataDeps: deps,
  durationMicros,
  attrs: new Map(attrs),
});

/** Two ranks: 100 us of compute each, then a 64 MiB all-reduce of both, then 50 us more. */
const TWO_RANKS = [0, 1].map(() => [
  node(1, 'COMP_NODE', [], 100),
  node(2, 'COMM_COLL_NODE', [1], 0, [
    ['comm_type', 0],
    ['comm_size', 2 ** 26],
    ['pg_name', 'all'],
  ]),
  node(3, 'COMP_NODE', [2], 50, [['is_cpu_op', false]]),
]);

/** The jsonizer's text of a trace: protobuf's JSON mapping, one object after another. */
function jsonizer(nodes: readonly ChakraNode[]): string {
  const objects: unknown[] = [{ version: CHAKRA_VERSION }];
  for (const n of nodes) {
    objects.push({
      id: String(n.id),
      name: n.name,
      type: n.type,
      ...(n.dataDeps.length > 0 ? { dataDeps: n.dataDeps.map(String) } : {}),
      ...(n.durationMicros > 0 ? { durationMicros: String(n.durationMicros) } : {}),
      attr: [...n.attrs].map(([name, v]) =>
        typeof v === 'number' ? { name, int64Val: String(v) } : typeof v === 'boolean' ? { name, boolVal: v } : { name, stringVal: v },
      ),
    });
  }
  return objects.map((o) => JSON.stringify(o, null, 2)).join('');
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ChakraError) return error.message;
    throw error;
  }
  throw new Error('expected a ChakraError');
}

describe('Chakra traces', () => {
  it('writes the protobuf form and reads it back node for node; reads the jsonizer JSON the same', () => {
    const nodes = TWO_RANKS[0] as ChakraNode[];
    const back = decodeChakraEt(encodeChakraEt(CHAKRA_VERSION, nodes), 'r0.et');
    expect(back.version).toBe(CHAKRA_VERSION);
    expect(back.nodes).toEqual(nodes);
    expect(parseChakraJson(jsonizer(nodes), 'r0.json').nodes).toEqual(nodes);
  });

  it('refuses a truncated file, an unknown collective, a collective without its size and JSON that is not a trace, naming file and node', () => {
    const bytes = encodeChakraEt(CHAKRA_VERSION, TWO_RANKS[0] as ChakraNode[]);
    expect(refusal(() => decodeChakraEt(bytes.subarray(0, bytes.length - 3), 'cut.et'))).toMatch(
      /^cut\.et:1: not a Chakra trace .* runs past the file's end: truncated\?/,
    );
    const gather = [
      node(1, 'COMM_COLL_NODE', [], 0, [
        ['comm_type', 3],
        ['comm_size', 8],
      ]),
    ];
    expect(refusal(() => decodeChakraEt(encodeChakraEt('x', gather), 'g.et'))).toMatch(/^g\.et:2: node 1 \('n1'\): comm_type 3 is not a collective this runs/);
    const sizeless = [node(1, 'COMM_COLL_NODE', [], 0, [['comm_type', 0]])];
    expect(refusal(() => parseChakraJson(jsonizer(sizeless), 's.json'))).toMatch(/^s\.json:2: node 1 \('n1'\): a communication node without comm_size/);
    expect(refusal(() => parseChakraJson('{"version": "0.0.4"} step 1 loss 2.3', 'log.json'))).toMatch(/^log\.json:2: 'step 1 loss 2\.3' between objects/);
  });

  it('runs two ranks: compute, then the all-reduce when both reach it, then the rest', () => {
    const system = buildPreset('hgx-h100', {}, 8);
    const traces = TWO_RANKS.map((nodes, r) => ({ file: `r${r}.et`, version: '', nodes }));
    const r = runChakraTraces(system, traces);
    expect(r.computeS).toBeCloseTo(150e-6, 12);
    expect(r.stepTimeS).toBeCloseTo(150e-6 + r.commS, 12);
    expect(r.commS).toBeGreaterThan(0);
  });

  it('names a node that never finishes: a collective one rank of its group never reaches', () => {
    const system = buildPreset('hgx-h100', {}, 8);
    const lonely = [
      { file: 'r0.et', version: '', nodes: TWO_RANKS[0] as ChakraNode[] },
      { file: 'r1.et', version: '', nodes: [node(1, 'COMP_NODE', [], 10)] },
    ];
    expect(() => runChakraTraces(system, lonely)).toThrow(/1 of 4 nodes|rank 0's node 2 \(n2\) never finished/);
  });

  it('a 64-GPU step exported as Chakra traces replays to the step time train priced, within 1%', () => {
    const system = buildPreset('hgx-h100', {}, 64);
    const model = models.get('llama3-8b');
    for (const plan of [
      { tp: 8, pp: 1, zero: 1 as const, mbs: 1, gbs: 64, seq: 8192 },
      { tp: 8, pp: 1, zero: 1 as const, mbs: 1, gbs: 64, seq: 8192, dpOverlap: false },
      { tp: 4, pp: 2, zero: 1 as const, mbs: 1, gbs: 64, seq: 8192 },
    ]) {
      const native = train(system, model, plan);
      const { traces, groups } = chakraTracesOf(model, native);
      expect(traces).toHaveLength(64);
      const read = traces.map((nodes, r) => decodeChakraEt(encodeChakraEt(CHAKRA_VERSION, nodes), `rank${r}.et`));
      const report = runChakraTraces(system, read, { groups });
      const replayed = report.stepTimeS;
      expect(Math.abs(replayed / native.iterationTimeS - 1)).toBeLessThan(plan.pp === 1 ? 1e-4 : 0.02);
      // The critical path accounts for the whole step: compute and the collectives and sends it waited for.
      const path = report.criticalPath;
      expect(path.computeS + path.collectiveS + path.pointToPointS).toBeCloseTo(replayed, 6);
      if (plan.dpOverlap === false) expect(path.collectiveS).toBeCloseTo(native.breakdown.exposedCommS.dp, 6);
    }
  });
});
