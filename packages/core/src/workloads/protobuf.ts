/** The protobuf wire format, as much as Chakra's execution traces use: varints, length-delimited fields and packed repeated varints, written and read without a generated schema. */

/** A field as read: its number and its value (a varint as a number, bytes for a length-delimited field). */
export type WireField = { readonly field: number; readonly varint: number } | { readonly field: number; readonly bytes: Uint8Array };

/** Raised for bytes that are not a well-formed message; `offset` says where. */
export class WireError extends Error {
  override readonly name = 'WireError';
  constructor(
    readonly offset: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** Builds a message field by field. Varints above 2^53 are not written (ids and sizes of a trace stay below). */
export class WireWriter {
  private readonly chunks: number[] = [];

  private raw(n: number): void {
    let v = n;
    while (v >= 0x80) {
      this.chunks.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.chunks.push(v);
  }

  /** A varint field (wire type 0): uint64, int64 of a value >= 0, bool, enum. */
  varint(field: number, value: number): this {
    if (!(Number.isSafeInteger(value) && value >= 0)) throw new RangeError(`field ${field}: ${value} is not a whole number from 0 to 2^53`);
    this.raw(field * 8);
    this.raw(value);
    return this;
  }

  /** A length-delimited field (wire type 2): bytes or an embedded message. */
  bytes(field: number, value: Uint8Array): this {
    this.raw(field * 8 + 2);
    this.raw(value.length);
    for (const b of value) this.chunks.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8(value));
  }

  /** A packed repeated varint field (proto3's default for repeated scalars). */
  packed(field: number, values: readonly number[]): this {
    if (values.length === 0) return this;
    const inner = new WireWriter();
    for (const v of values) inner.raw(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }

  /** The message with its length before it as a varint: how Chakra's files hold each message. */
  delimited(): Uint8Array {
    const body = this.finish();
    const head = new WireWriter();
    head.raw(body.length);
    const prefix = head.finish();
    const out = new Uint8Array(prefix.length + body.length);
    out.set(prefix);
    out.set(body, prefix.length);
    return out;
  }
}

/** Reads one varint at `at`: its value and where the next byte is. Values past 2^53 lose precision. */
export function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const b = bytes[i] as number;
    value += (b & 0x7f) * scale;
    scale *= 0x80;
    if (b < 0x80) return { value, next: i + 1 };
  }
  throw new WireError(at, i10(at, bytes.length));
}

const i10 = (at: number, length: number) => (at + 10 <= length ? 'a varint longer than 10 bytes' : 'the bytes end inside a varint');

/** Every field of one message, in order; fixed-width fields (wire types 1 and 5) are skipped. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const key = readVarint(bytes, at);
    const field = Math.floor(key.value / 8);
    const wire = key.value % 8;
    at = key.next;
    if (field === 0) throw new WireError(at, 'field number 0');
    if (wire === 0) {
      const v = readVarint(bytes, at);
      fields.push({ field, varint: v.value });
      at = v.next;
    } else if (wire === 2) {
      const length = readVarint(bytes, at);
      const end = length.next + length.value;
      if (end > bytes.length) throw new WireError(at, `a field of ${length.value} bytes runs past the message's end`);
      fields.push({ field, bytes: bytes.subarray(length.next, end) });
      at = end;
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
      if (at > bytes.length) throw new WireError(at, 'a fixed-width field runs past the message end');
    } else {
      throw new WireError(at, `wire type ${wire}, which no Chakra field has`);
    }
  }
  return fields;
}

/** The varints of a repeated field given packed (one length-delimited run) or one by one. */
export function repeatedVarints(fields: readonly WireField[], field: number): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if ('varint' in f) out.push(f.varint);
    else {
      let at = 0;
      while (at < f.bytes.length) {
        const v = readVarint(f.bytes, at);
        out.push(v.value);
        at = v.next;
      }
    }
  }
  return out;
}

/** Splits a file of length-delimited messages (Chakra's .et) into the messages. */
export function delimitedMessages(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const length = readVarint(bytes, at);
    const end = length.next + length.value;
    if (end > bytes.length) throw new WireError(at, `message ${out.length + 1} of ${length.value} bytes runs past the file's end: truncated?`);
    out.push(bytes.subarray(length.next, end));
    at = end;
  }
  return out;
}

/** A string's UTF-8 bytes (core runs where TextEncoder may not be declared). */
export function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** UTF-8 bytes as a string; a malformed sequence reads as U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const extra = b < 0x80 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (extra < 0 || i + extra >= bytes.length + (extra === 0 ? 1 : 0)) {
      out += '\ufffd';
      i++;
      continue;
    }
    let c = extra === 0 ? b : b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) c = (c << 6) | ((bytes[i + k] as number) & 0x3f);
    out += String.fromCodePoint(c);
    i += extra + 1;
  }
  return out;
}
