import { gunzipSync } from 'node:zlib';
import { binaryToJson } from '@yrpc/http';
import type { ConnectionSide, InspectedFrame, InspectedMeta, InspectionEvent } from '@yrpc/rpc';
import type protobuf from 'protobufjs';

/** Most payload bytes shown in hex; the rest is elided (the length is always shown). */
const HEX_SHOWN = 64;
/** Largest decompressed payload shown (a gzip bomb stops there). */
const MAX_INFLATED = 16 * 1024 * 1024;
const COMPRESSED = 0x0008;
const decoder = new TextDecoder();

/** Where an event happened: the connection (numbered from 1) and who sent the bytes. */
export interface EventPlace {
  readonly connection: number;
  readonly side: ConnectionSide;
}

/** How a payload was read: JSON through the method's type, or bytes that did not decode. */
export type PayloadView =
  | { readonly json: unknown; readonly type: string; readonly gzip?: number }
  | {
      readonly length: number;
      readonly hex: string;
      readonly note?: string;
      readonly gzip?: number;
    };

/** One printed record (a line of `--json` output). */
export type CaptureRecord = Record<string, unknown>;

/** `client→server` for what the client sent, `server→client` for the answers. */
export const direction = (side: ConnectionSide): string =>
  side === 'client' ? 'client→server' : 'server→client';

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, HEX_SHOWN)).toString('hex');
}

/**
 * The payload of a frame as shown: inflated if COMPRESSED, then canonical proto3 JSON when `type`
 * is known and the bytes decode as it, else hex.
 */
export function viewPayload(
  frame: InspectedFrame,
  type: protobuf.Type | undefined,
): PayloadView | undefined {
  let bytes = frame.payload;
  if (bytes === undefined || bytes.length === 0 || frame.typeName === 'WINDOW_UPDATE')
    return undefined;
  let gzip: number | undefined;
  if ((frame.flags & COMPRESSED) !== 0) {
    gzip = bytes.length;
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_INFLATED });
    } catch (error) {
      const note = `does not inflate: ${(error as Error).message}`;
      return { length: bytes.length, hex: hexOf(bytes), note, gzip };
    }
  }
  const compressed = gzip === undefined ? {} : { gzip };
  if (type !== undefined) {
    try {
      return {
        json: JSON.parse(decoder.decode(binaryToJson(type, bytes))),
        type: type.fullName.replace(/^\./, ''),
        ...compressed,
      };
    } catch (error) {
      const note = `not a ${type.fullName.replace(/^\./, '')}: ${(error as Error).message.split('\n')[0]}`;
      return { length: bytes.length, hex: hexOf(bytes), note, ...compressed };
    }
  }
  return { length: bytes.length, hex: hexOf(bytes), ...compressed };
}

/** The meta's fields that are not at their defaults (what the wire carried), as plain JSON. */
export function metaFields(meta: InspectedMeta | undefined): Record<string, unknown> | undefined {
  if (meta === undefined) return undefined;
  const fields: Record<string, unknown> = {};
  const value =
    meta.kind === 'handshake'
      ? meta.handshake
      : meta.kind === 'request'
        ? meta.request
        : meta.kind === 'response'
          ? meta.response
          : meta.kind === 'status'
            ? meta.status
            : meta.goaway;
  for (const [key, field] of Object.entries(value)) {
    if (field === 0 || field === '' || field === undefined) continue;
    if (Array.isArray(field) && field.length === 0) continue;
    if (field instanceof Uint8Array) {
      if (field.length > 0) fields[key] = Buffer.from(field).toString('hex');
      continue;
    }
    if (Array.isArray(field)) {
      fields[key] = field.map((item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        'value' in item &&
        item.value instanceof Uint8Array
          ? { ...item, value: Buffer.from(item.value).toString('hex') }
          : item,
      );
      continue;
    }
    fields[key] = field;
  }
  return fields;
}

/** The record of an event: what `--json` prints, and what the text line is made from. */
export function eventRecord(
  place: EventPlace,
  event: InspectionEvent,
  payload: PayloadView | undefined,
  method: string | undefined,
): CaptureRecord {
  const head = { connection: place.connection, from: place.side };
  if (event.kind === 'stream-violation') {
    return { ...head, offset: event.offset, violations: [event.violation] };
  }
  const frame = event.frame;
  const meta = metaFields(frame.meta);
  return {
    ...head,
    offset: frame.offset,
    type: frame.typeName,
    id: frame.id,
    flags: frame.flagNames,
    ...(method === undefined ? {} : { method }),
    ...(meta === undefined || Object.keys(meta).length === 0 ? {} : { meta }),
    ...(frame.increment === undefined ? {} : { increment: frame.increment }),
    ...(payload === undefined ? {} : { payload }),
    metaLength: frame.metaLength,
    payloadLength: frame.payloadLength,
    violations: frame.violations,
  };
}

/**
 * The text lines of a record: one for the frame (`#1 client→server REQUEST id=1 END_STREAM
 * meta={...} payload={...}`), then a `!!` line per violation.
 */
export function textLines(record: CaptureRecord): string[] {
  const where = `#${record.connection} ${direction(record.from as ConnectionSide)}`;
  const lines: string[] = [];
  if (record.type !== undefined) {
    const parts = [where, String(record.type), `id=${record.id}`];
    const flags = record.flags as string[];
    if (flags.length > 0) parts.push(flags.join('|'));
    if (record.meta !== undefined) parts.push(`meta=${JSON.stringify(record.meta)}`);
    if (record.increment !== undefined) parts.push(`increment=${record.increment}`);
    const payload = record.payload as PayloadView | undefined;
    if (payload !== undefined) parts.push(payloadText(payload));
    lines.push(parts.join(' '));
  }
  for (const violation of record.violations as { code: string; message: string }[]) {
    lines.push(`!! ${where} at byte ${record.offset}: ${violation.code}: ${violation.message}`);
  }
  return lines;
}

function payloadText(payload: PayloadView): string {
  const gzip = payload.gzip === undefined ? '' : `(gzip ${payload.gzip} bytes)`;
  if ('json' in payload) return `${payload.type}${gzip}=${JSON.stringify(payload.json)}`;
  const elided = payload.length > HEX_SHOWN ? '…' : '';
  const note = payload.note === undefined ? '' : ` (${payload.note})`;
  return `payload${gzip}=${payload.length} bytes ${payload.hex}${elided}${note}`;
}
