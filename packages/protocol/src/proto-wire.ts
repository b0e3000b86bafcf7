import { ProtocolError } from './protocol-error.js';

// Protobuf wire-format primitives for the hand-written meta codecs: they encode straight into the
// output buffer and decode straight from the input buffer, without a Writer or Reader object.

/** Wire types of the protobuf encoding. */
export const WireType = { VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, FIXED32: 5 } as const;

/** Bytes taken by `value` (a uint32) as a varint. */
export function varintSize(value: number): number {
  return value < 0x80
    ? 1
    : value < 0x4000
      ? 2
      : value < 0x20_0000
        ? 3
        : value < 0x1000_0000
          ? 4
          : 5;
}

/** Writes `value` (a uint32) as a varint at `at`; returns the offset after it. */
export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/** Bytes taken by `text` in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) length += 1;
    else if (c < 0x800) length += 2;
    else if ((c & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** Writes `text` as UTF-8 at `at` (lone surrogates become U+FFFD); returns the offset after it. */
export function writeUtf8(bytes: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes[at++] = c;
    } else if (c < 0x800) {
      bytes[at++] = 0xc0 | (c >>> 6);
      bytes[at++] = 0x80 | (c & 0x3f);
    } else {
      if ((c & 0xf800) === 0xd800) {
        const next = text.charCodeAt(i + 1);
        if ((c & 0xfc00) === 0xd800 && (next & 0xfc00) === 0xdc00) {
          c = 0x10000 + ((c & 0x3ff) << 10) + (next & 0x3ff);
          i++;
          bytes[at++] = 0xf0 | (c >>> 18);
          bytes[at++] = 0x80 | ((c >>> 12) & 0x3f);
          bytes[at++] = 0x80 | ((c >>> 6) & 0x3f);
          bytes[at++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      bytes[at++] = 0xe0 | (c >>> 12);
      bytes[at++] = 0x80 | ((c >>> 6) & 0x3f);
      bytes[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}

/** Bytes taken by a length-delimited field with a one-byte tag and a body of `length` bytes. */
export function delimitedSize(length: number): number {
  return 1 + varintSize(length) + length;
}

/** Bytes taken by a string field (one-byte tag); 0 when the string is empty (proto3 default). */
export function stringFieldSize(text: string): number {
  return text.length === 0 ? 0 : delimitedSize(utf8Length(text));
}

/** Writes a string field with a one-byte `tag`, unless empty; returns the offset after it. */
export function writeStringField(bytes: Uint8Array, at: number, tag: number, text: string): number {
  if (text.length === 0) return at;
  bytes[at++] = tag;
  return writeUtf8(bytes, writeVarint(bytes, at, utf8Length(text)), text);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads protobuf fields from `bytes[start, end)` in place. Any malformation (truncated varint,
 * a length past the end, groups, a wire type that does not match the field) throws a
 * {@link ProtocolError} `bad-meta` naming the message being read.
 */
export class ProtoReader {
  pos: number;
  end: number;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    end: number,
    readonly message: string,
  ) {
    this.pos = start;
    this.end = end;
  }

  /** Whether fields remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a varint as a uint32 (higher bits are dropped, as protobuf does for uint32 fields). */
  uint32(): number {
    const bytes = this.bytes;
    let value = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.fail('truncated varint');
      const b = bytes[this.pos++] as number;
      if (shift < 32) value |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) return value >>> 0;
    }
    throw this.fail('varint longer than 10 bytes');
  }

  /** Reads a field tag and checks its wire type is one this reader can handle. */
  tag(): number {
    const tag = this.uint32();
    if (tag >>> 3 === 0) throw this.fail('field number 0');
    return tag;
  }

  /** Reads a length prefix and returns the end offset of the delimited body (pos is its start). */
  delimited(): number {
    const length = this.uint32();
    if (length > this.end - this.pos) {
      throw this.fail(`length ${length} runs past the end of the block`, length);
    }
    return this.pos + length;
  }

  /** Reads a length-delimited UTF-8 string, through `cache` when given. */
  string(cache?: { decode(bytes: Uint8Array, start: number, end: number): string }): string {
    const end = this.delimited();
    const start = this.pos;
    this.pos = end;
    try {
      return cache === undefined
        ? readUtf8(this.bytes, start, end)
        : cache.decode(this.bytes, start, end);
    } catch (error) {
      throw new ProtocolError('bad-meta', `malformed ${this.message}: invalid UTF-8`, undefined, {
        cause: error,
      });
    }
  }

  /** Reads length-delimited bytes as a copy (meta values outlive the input buffer). */
  bytesCopy(): Uint8Array {
    const end = this.delimited();
    // Not bytes.slice(): on a Buffer that is a view, and the input will be overwritten.
    const copy = new Uint8Array(end - this.pos);
    copy.set(this.bytes.subarray(this.pos, end));
    this.pos = end;
    return copy;
  }

  /**
   * Whether a known field arrived with another wire type than declared; if so it has been skipped
   * as an unknown field (what protobufjs does too), and the caller moves on.
   */
  skippedMismatch(tag: number, wireType: number): boolean {
    if ((tag & 7) === wireType) return false;
    this.skip(tag);
    return true;
  }

  /** Skips an unknown field of the tag's wire type. */
  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.VARINT:
        this.uint32();
        return;
      case WireType.FIXED64:
        this.advance(8);
        return;
      case WireType.LENGTH_DELIMITED:
        this.pos = this.delimited();
        return;
      case WireType.FIXED32:
        this.advance(4);
        return;
      default:
        throw this.fail(`unsupported wire type ${tag & 7}`, tag);
    }
  }

  private advance(length: number): void {
    if (this.end - this.pos < length) throw this.fail('truncated fixed-size field');
    this.pos += length;
  }

  /** A `bad-meta` error about this message. */
  fail(reason: string, value?: unknown): ProtocolError {
    return new ProtocolError('bad-meta', `malformed ${this.message}: ${reason}`, value);
  }
}

/**
 * Decodes UTF-8 from `bytes[start, end)`; short ASCII without a TextDecoder call.
 * @throws TypeError on invalid UTF-8.
 */
export function readUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let text = '';
    for (let i = start; i < end; i++) {
      const c = bytes[i] as number;
      if (c >= 0x80) return decoder.decode(bytes.subarray(start, end));
      text += String.fromCharCode(c);
    }
    return text;
  }
  return decoder.decode(bytes.subarray(start, end));
}
