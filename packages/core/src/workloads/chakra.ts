/**
 * Chakra execution traces (MLCommons; ASTRA-sim's input): one rank's nodes (compute, collective, send and receive),
 * each with its dependencies, duration and attributes, read from the protobuf form (.et: length-delimited messages,
 * schema/protobuf/et_def.proto of mlcommons/chakra) or the JSON its jsonizer writes, and written in the protobuf form.
 * A trace that is not one is refused with its file and node.
 */

import { FileLineError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import type { CollectiveOp } from '../collectives/types.js';
import { delimitedMessages, fromUtf8, readFields, repeatedVarints, WireError, type WireField, WireWriter } from './protobuf.js';

/** A trace that cannot be read: `line` is the node's place in the file (its message or JSON object, from 1). */
export class ChakraError extends FileLineError {
  override readonly name = 'ChakraError';
}

/** et_def.proto NodeType, by number. */
export const NODE_TYPES = [
  'INVALID_NODE',
  'METADATA_NODE',
  'MEM_LOAD_NODE',
  'MEM_STORE_NODE',
  'COMP_NODE',
  'COMM_SEND_NODE',
  'COMM_RECV_NODE',
  'COMM_COLL_NODE',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** et_def.proto CollectiveCommType, by number, and the collective each runs as (gather, scatter and barrier are not run). */
export const COMM_TYPES: readonly (CollectiveOp | undefined)[] = [
  'allreduce',
  'reduce',
  'allgather',
  undefined,
  undefined,
  'broadcast',
  'alltoall',
  'reducescatter',
  'reducescatter',
  undefined,
];

export type AttrValue = number | string | boolean;

export interface ChakraNode {
  readonly id: number;
  readonly name: string;
  readonly type: NodeType;
  readonly ctrlDeps: readonly number[];
  readonly dataDeps: readonly number[];
  readonly durationMicros: number;
  readonly attrs: ReadonlyMap<string, AttrValue>;
}

export interface ChakraTrace {
  readonly file: string;
  readonly version: string;
  readonly nodes: readonly ChakraNode[];
}

/** AttributeProto's value fields this reads: ints, uints, bools and strings (et_def.proto numbers). */
const INT_FIELDS = new Set([7, 9, 11, 13]);
const BOOL_FIELD = 27;
const INT32_ATTRS = new Set(['comm_src', 'comm_dst', 'comm_tag', 'comm_priority']);
const STRING_FIELD = 29;

function attrOf(fields: readonly WireField[]): [string, AttrValue] | undefined {
  let name: string | undefined;
  let value: AttrValue | undefined;
  for (const f of fields) {
    if (f.field === 1 && 'bytes' in f) name = fromUtf8(f.bytes);
    else if (INT_FIELDS.has(f.field) && 'varint' in f) value = f.varint;
    else if (f.field === BOOL_FIELD && 'varint' in f) value = f.varint !== 0;
    else if (f.field === STRING_FIELD && 'bytes' in f) value = fromUtf8(f.bytes);
  }
  return name === undefined || value === undefined ? undefined : [name, value];
}

/** One rank's trace from the protobuf form: a GlobalMetadata message, then one Node message each. */
export function decodeChakraEt(bytes: Uint8Array, file: string): ChakraTrace {
  let messages: Uint8Array[];
  try {
    messages = delimitedMessages(bytes);
  } catch (error) {
    if (error instanceof WireError)
      throw new ChakraError(file, 1, `not a Chakra trace (.et, length-delimited protobuf): ${error.message} at byte ${error.offset}`);
    throw error;
  }
  if (messages.length === 0) throw new ChakraError(file, 1, 'an empty trace: no GlobalMetadata and no nodes');
  const [metadata, ...nodeMessages] = messages;
  let version = '';
  for (const f of readFields(metadata as Uint8Array)) if (f.field === 1 && 'bytes' in f) version = fromUtf8(f.bytes);
  const nodes = nodeMessages.map((m, i) => {
    let fields: WireField[];
    try {
      fields = readFields(m);
    } catch (error) {
      if (error instanceof WireError) throw new ChakraError(file, i + 2, `node message ${i + 1}: ${error.message}`);
      throw error;
    }
    const get = (n: number) => fields.find((f) => f.field === n);
    const varint = (n: number) => {
      const f = get(n);
      return f && 'varint' in f ? f.varint : 0;
    };
    const nameField = get(2);
    const attrs = new Map<string, AttrValue>();
    for (const f of fields) {
      if (f.field !== 10 || !('bytes' in f)) continue;
      const attr = attrOf(readFields(f.bytes));
      if (attr) attrs.set(attr[0], attr[1]);
    }
    return node(
      {
        id: varint(1),
        name: nameField && 'bytes' in nameField ? fromUtf8(nameField.bytes) : '',
        type: typeOf(varint(3), file, i + 2),
        ctrlDeps: repeatedVarints(fields, 4),
        dataDeps: repeatedVarints(fields, 5),
        durationMicros: varint(7),
        attrs,
      },
      file,
      i + 2,
    );
  });
  return { file, version, nodes };
}

function typeOf(n: number, file: string, line: number): NodeType {
  const type = NODE_TYPES[n];
  if (!type) throw new ChakraError(file, line, `node type ${n}, which et_def.proto does not define (0-${NODE_TYPES.length - 1})`);
  return type;
}

/** A node checked: a collective names a comm_type and a comm_size, a send or receive its peer. */
function node(n: ChakraNode, file: string, line: number): ChakraNode {
  const where = `node ${n.id}${n.name ? ` (${excerpt(n.name)})` : ''}`;
  if (n.type === 'COMM_COLL_NODE') {
    const t = n.attrs.get('comm_type');
    if (typeof t !== 'number' || COMM_TYPES[t] === undefined) {
      throw new ChakraError(
        file,
        line,
        `${where}: comm_type ${String(t)} is not a collective this runs (ALL_REDUCE 0, REDUCE 1, ALL_GATHER 2, BROADCAST 5, ALL_TO_ALL 6, REDUCE_SCATTER 7)`,
      );
    }
  }
  if (n.type.startsWith('COMM_') && typeof n.attrs.get('comm_size') !== 'number')
    throw new ChakraError(file, line, `${where}: a communication node without comm_size`);
  if (n.type === 'COMM_SEND_NODE' && typeof n.attrs.get('comm_dst') !== 'number') throw new ChakraError(file, line, `${where}: a send without comm_dst`);
  if (n.type === 'COMM_RECV_NODE' && typeof n.attrs.get('comm_src') !== 'number') throw new ChakraError(file, line, `${where}: a receive without comm_src`);
  return n;
}

/**
 * One rank's trace from the JSON Chakra's jsonizer writes (protobuf's JSON mapping: the GlobalMetadata object, then
 * one object a node, back to back; 64-bit numbers as strings, camelCase fields, enum names).
 */
export function parseChakraJson(text: string, file: string): ChakraTrace {
  const objects = jsonObjects(text, file);
  if (objects.length === 0) throw new ChakraError(file, 1, 'no JSON objects: not a Chakra trace in JSON');
  const [metadata, ...rest] = objects;
  const version = typeof (metadata as { version?: unknown }).version === 'string' ? ((metadata as { version: string }).version as string) : '';
  const nodes = rest.map((o, i) => {
    const line = i + 2;
    const num = (v: unknown, what: string) => {
      const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : v === undefined ? 0 : Number.NaN;
      if (!Number.isSafeInteger(n) || n < 0) throw new ChakraError(file, line, `${what} ${excerpt(String(v))} is not a whole number`);
      return n;
    };
    const list = (v: unknown, what: string) => (Array.isArray(v) ? v.map((x) => num(x, what)) : v === undefined ? [] : [num(Number.NaN, what)]);
    const typeName = o.type === undefined ? 'INVALID_NODE' : String(o.type);
    const type = (NODE_TYPES as readonly string[]).includes(typeName) ? (typeName as NodeType) : typeOf(num(o.type, 'type'), file, line);
    const attrs = new Map<string, AttrValue>();
    for (const a of Array.isArray(o.attr) ? (o.attr as Record<string, unknown>[]) : []) {
      const value = a.int64Val ?? a.int32Val ?? a.uint64Val ?? a.uint32Val ?? a.boolVal ?? a.stringVal;
      if (typeof a.name !== 'string' || value === undefined) continue;
      attrs.set(a.name, typeof value === 'boolean' ? value : a.stringVal !== undefined ? String(value) : num(value, `attribute ${a.name}`));
    }
    return node(
      {
        id: num(o.id, 'id'),
        name: typeof o.name === 'string' ? o.name : '',
        type,
        ctrlDeps: list(o.ctrlDeps, 'ctrlDeps'),
        dataDeps: list(o.dataDeps, 'dataDeps'),
        durationMicros: num(o.durationMicros, 'durationMicros'),
        attrs,
      },
      file,
      line,
    );
  });
  return { file, version, nodes };
}

/** The JSON objects of `text` back to back (the jsonizer's output is not one JSON document). */
function jsonObjects(text: string, file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
        } catch {
          throw new ChakraError(file, out.length + 1, `object ${out.length + 1} is not valid JSON`);
        }
      }
      if (depth < 0) throw new ChakraError(file, out.length + 1, "a '}' with no '{' before it: not a Chakra trace in JSON");
    } else if (depth === 0 && c !== undefined && !/\s/.test(c)) {
      throw new ChakraError(file, out.length + 1, `${excerpt(text.slice(i, i + 20))} between objects: not a Chakra trace in JSON`);
    }
  }
  if (depth !== 0) throw new ChakraError(file, out.length + 1, 'the text ends inside an object: truncated?');
  return out;
}

/** One rank's trace in the protobuf form: GlobalMetadata (version) and each node, length-delimited, as Chakra's encoder writes them. */
export function encodeChakraEt(version: string, nodes: readonly ChakraNode[]): Uint8Array {
  const parts = [new WireWriter().string(1, version).delimited()];
  for (const n of nodes) {
    const w = new WireWriter()
      .varint(1, n.id)
      .string(2, n.name)
      .varint(3, NODE_TYPES.indexOf(n.type))
      .packed(4, [...n.ctrlDeps])
      .packed(5, [...n.dataDeps]);
    if (n.durationMicros > 0) w.varint(7, n.durationMicros);
    for (const [name, value] of n.attrs) {
      const a = new WireWriter().string(1, name);
      // ASTRA-sim's feeder reads peers and tags as int32_val, sizes and types as int64_val (et_feeder_node.cpp).
      if (typeof value === 'number') a.varint(INT32_ATTRS.has(name) ? 7 : 9, value);
      else if (typeof value === 'boolean') a.varint(BOOL_FIELD, value ? 1 : 0);
      else a.string(STRING_FIELD, value);
      w.bytes(10, a.finish());
    }
    parts.push(w.delimited());
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
