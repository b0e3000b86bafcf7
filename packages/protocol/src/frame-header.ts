import { FrameFlag, FrameType, frameTypeName } from './frame-type.js';
import { ProtocolError } from './protocol-error.js';

/** Size of the fixed frame header in bytes. */
export const HEADER_SIZE = 16;
/** The two magic bytes that open every frame: ASCII "YR". */
export const MAGIC = 0x5952;
/** The protocol version this implementation speaks (header byte 2). */
export const PROTOCOL_VERSION = 1;
/** Payload length of a WINDOW_UPDATE frame: the increment, a big-endian u32. */
export const WINDOW_UPDATE_PAYLOAD = 4;
/** The largest meta block the header can describe (its length field is 16 bits). */
export const MAX_META_LENGTH = 0xffff;

const MAGIC_HIGH = MAGIC >>> 8;
const MAGIC_LOW = MAGIC & 0xff;

// Per frame type (index): allowed flag bits, whether the stream id must be 0 (-1), non-zero (1)
// or may be anything (0), whether a meta block is forbidden, whether a payload is forbidden.
const ALLOWED_FLAGS = new Uint16Array(256);
const ID_RULE = new Int8Array(256);
const NO_META = new Uint8Array(256);
const NO_PAYLOAD = new Uint8Array(256);
const DEFINED = new Uint8Array(256);

function rule(type: number, flags: number, id: number, meta: boolean, payload: boolean): void {
  DEFINED[type] = 1;
  ALLOWED_FLAGS[type] = flags;
  ID_RULE[type] = id;
  NO_META[type] = meta ? 0 : 1;
  NO_PAYLOAD[type] = payload ? 0 : 1;
}
rule(FrameType.HANDSHAKE, FrameFlag.ACK, -1, true, false);
rule(FrameType.REQUEST, FrameFlag.END_STREAM | FrameFlag.COMPRESSED, 1, true, true);
rule(FrameType.RESPONSE, FrameFlag.END_STREAM | FrameFlag.COMPRESSED, 1, true, true);
rule(FrameType.ERROR, 0, 1, true, false);
rule(FrameType.CANCEL, 0, 1, true, false);
rule(FrameType.PING, 0, 0, false, false);
rule(FrameType.PONG, 0, 0, false, false);
rule(FrameType.GOAWAY, FrameFlag.DRAIN, 0, true, false);
rule(FrameType.STREAM_DATA, FrameFlag.END_STREAM | FrameFlag.COMPRESSED, 1, true, true);
rule(FrameType.STREAM_END, 0, 1, true, false);
rule(FrameType.WINDOW_UPDATE, 0, 0, false, true);

/**
 * Checks the leading bytes of a frame that are already available (`available` may be below the
 * header size): magic, then version, then type. Lets a decoder reject a peer that does not speak
 * yrpc after two bytes instead of waiting for a full header that may never come.
 * @throws ProtocolError `bad-magic`, `unsupported-version` or `unknown-frame-type`.
 */
export function checkHeaderPrefix(bytes: Uint8Array, at: number, available: number): void {
  if (available >= 1 && bytes[at] !== MAGIC_HIGH) throw badMagic(bytes, at, available);
  if (available >= 2 && bytes[at + 1] !== MAGIC_LOW) throw badMagic(bytes, at, available);
  if (available >= 3 && bytes[at + 2] !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      'unsupported-version',
      `unsupported protocol version ${bytes[at + 2]} (this implementation speaks ${PROTOCOL_VERSION})`,
      bytes[at + 2],
    );
  }
  if (available >= 4 && DEFINED[bytes[at + 3] as number] !== 1) {
    const type = bytes[at + 3] as number;
    throw new ProtocolError(
      'unknown-frame-type',
      `unknown frame type ${frameTypeName(type)}`,
      type,
    );
  }
}

function badMagic(bytes: Uint8Array, at: number, available: number): ProtocolError {
  const seen = Array.from(bytes.subarray(at, at + Math.min(available, 2)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return new ProtocolError(
    'bad-magic',
    `not a yrpc frame: expected magic 5952 ("YR"), got ${seen}`,
    seen,
  );
}

/**
 * Checks the fields of a frame header against the rules of its type: flags, stream id, and which
 * of meta and payload may be present. The magic, version and type must already be checked.
 * @throws ProtocolError `reserved-flags` or `invalid-frame`.
 */
export function checkFrameFields(
  type: number,
  flags: number,
  id: number,
  metaLength: number,
  payloadLength: number,
): void {
  if ((flags & ~(ALLOWED_FLAGS[type] as number)) !== 0) {
    throw new ProtocolError(
      'reserved-flags',
      `flags 0x${flags.toString(16).padStart(4, '0')} are not allowed on a ${frameTypeName(type)} frame`,
      flags,
    );
  }
  const idRule = ID_RULE[type];
  if (idRule === 1 ? id === 0 : idRule === -1 && id !== 0) {
    throw new ProtocolError(
      'invalid-frame',
      `a ${frameTypeName(type)} frame must have a ${idRule === 1 ? 'non-zero' : 'zero'} stream id, got ${id}`,
      id,
    );
  }
  if (metaLength !== 0 && NO_META[type] === 1) {
    throw new ProtocolError(
      'invalid-frame',
      `a ${frameTypeName(type)} frame carries no meta block, got ${metaLength} byte(s)`,
      metaLength,
    );
  }
  if (type === FrameType.WINDOW_UPDATE && payloadLength !== WINDOW_UPDATE_PAYLOAD) {
    throw new ProtocolError(
      'invalid-frame',
      `a WINDOW_UPDATE frame carries a ${WINDOW_UPDATE_PAYLOAD}-byte increment, got ${payloadLength} byte(s)`,
      payloadLength,
    );
  }
  if (payloadLength !== 0 && NO_PAYLOAD[type] === 1) {
    throw new ProtocolError(
      'invalid-frame',
      `a ${frameTypeName(type)} frame carries no payload, got ${payloadLength} byte(s)`,
      payloadLength,
    );
  }
}

/**
 * Checks a frame's meta and total size against limits (`maxMetaSize` is at most 65535 by
 * construction of the limits); returns the total size. `whose` names the limits in the message.
 * @throws ProtocolError `meta-too-large` or `frame-too-large` with the offending size.
 */
export function checkFrameSize(
  type: number,
  metaLength: number,
  payloadLength: number,
  maxMetaSize: number,
  maxFrameSize: number,
  whose: string,
): number {
  if (metaLength > maxMetaSize) {
    throw new ProtocolError(
      'meta-too-large',
      `${frameTypeName(type)} meta of ${metaLength} bytes exceeds ${whose} limit of ${maxMetaSize}`,
      metaLength,
    );
  }
  const total = HEADER_SIZE + metaLength + payloadLength;
  if (total > maxFrameSize) {
    throw new ProtocolError(
      'frame-too-large',
      `${frameTypeName(type)} frame of ${total} bytes exceeds ${whose} limit of ${maxFrameSize}`,
      total,
    );
  }
  return total;
}

/** Writes a 16-byte header at `at`. Fields must already be valid (see {@link checkFrameFields}). */
export function writeHeader(
  bytes: Uint8Array,
  at: number,
  type: number,
  flags: number,
  id: number,
  metaLength: number,
  payloadLength: number,
): void {
  bytes[at] = MAGIC_HIGH;
  bytes[at + 1] = MAGIC_LOW;
  bytes[at + 2] = PROTOCOL_VERSION;
  bytes[at + 3] = type;
  bytes[at + 4] = flags >>> 8;
  bytes[at + 5] = flags & 0xff;
  bytes[at + 6] = metaLength >>> 8;
  bytes[at + 7] = metaLength & 0xff;
  bytes[at + 8] = id >>> 24;
  bytes[at + 9] = (id >>> 16) & 0xff;
  bytes[at + 10] = (id >>> 8) & 0xff;
  bytes[at + 11] = id & 0xff;
  bytes[at + 12] = payloadLength >>> 24;
  bytes[at + 13] = (payloadLength >>> 16) & 0xff;
  bytes[at + 14] = (payloadLength >>> 8) & 0xff;
  bytes[at + 15] = payloadLength & 0xff;
}
