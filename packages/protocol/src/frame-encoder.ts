import type { ByteBuffer } from '@yrpc/net';
import { checkFrameFields, checkFrameSize, HEADER_SIZE, writeHeader } from './frame-header.js';
import { type FrameLimitsInit, resolveFrameLimits } from './frame-limits.js';
import { FrameFlag, FrameType } from './frame-type.js';
import type {
  GoAwayMetaInit,
  HandshakeMetaInit,
  RequestMetaInit,
  ResponseMetaInit,
  StatusMetaInit,
} from './meta.js';
import { encodeGoAwayMeta, encodeHandshakeMeta, encodeStatusMeta } from './protobuf-meta-codec.js';
import { ProtocolError } from './protocol-error.js';
import { requestMetaSize, writeRequestMeta } from './request-meta-codec.js';
import { responseMetaSize, writeResponseMeta } from './response-meta-codec.js';
import { isRpcError, type RpcError } from './rpc-error.js';

const NO_BYTES = new Uint8Array(0);
/** Characters of a status message kept when the whole error does not fit the peer's limit. */
const ECHO_LIMIT = 256;

/**
 * Writes frames into a {@link ByteBuffer} (typically a connection's output buffer, so that many
 * frames leave in one socket write). Each frame is written in order — header, meta, payload —
 * into space made writable once for the whole frame: the request and response meta are encoded
 * straight into the buffer, the payload is copied once, nothing is assembled elsewhere first.
 *
 * The limits are the peer's (from its handshake): a frame the peer would reject is refused here
 * with a {@link ProtocolError} (`frame-too-large`, `meta-too-large`) and nothing is written.
 */
export class FrameEncoder {
  private maxFrameSize: number;
  private maxMetaSize: number;

  constructor(peerLimits: FrameLimitsInit = {}) {
    const limits = resolveFrameLimits(peerLimits);
    this.maxFrameSize = limits.maxFrameSize;
    this.maxMetaSize = limits.maxMetaSize;
  }

  /** Adopts the limits the peer announced (0 in a handshake field means "keep the default"). */
  setPeerLimits(peerLimits: FrameLimitsInit): void {
    const maxFrameSize = peerLimits.maxFrameSize ?? this.maxFrameSize;
    const limits = resolveFrameLimits({
      maxFrameSize,
      maxMetaSize: peerLimits.maxMetaSize ?? Math.min(this.maxMetaSize, maxFrameSize - HEADER_SIZE),
    });
    this.maxFrameSize = limits.maxFrameSize;
    this.maxMetaSize = limits.maxMetaSize;
  }

  /** The limits frames are checked against. */
  get limits(): { readonly maxFrameSize: number; readonly maxMetaSize: number } {
    return { maxFrameSize: this.maxFrameSize, maxMetaSize: this.maxMetaSize };
  }

  /**
   * Checks the frame, makes room for it and writes its header; returns the offset in
   * `out.bytes` where the meta block goes. The caller fills meta and payload and commits.
   */
  private begin(
    out: ByteBuffer,
    type: number,
    flags: number,
    id: number,
    metaLength: number,
    payloadLength: number,
  ): number {
    if (id >>> 0 !== id) {
      throw new ProtocolError('invalid-frame', `stream id must be a uint32, got ${String(id)}`, id);
    }
    const total = checkFrameSize(
      type,
      metaLength,
      payloadLength,
      this.maxMetaSize,
      this.maxFrameSize,
      "the peer's",
    );
    checkFrameFields(type, flags, id, metaLength, payloadLength);
    out.ensureWritable(total);
    const at = out.writerIndex;
    writeHeader(out.bytes, at, type, flags, id, metaLength, payloadLength);
    return at + HEADER_SIZE;
  }

  private finish(out: ByteBuffer, metaAt: number, payload: Uint8Array): void {
    const bytes = out.bytes;
    const length = payload.length;
    // TypedArray.set costs more than a plain loop for the small payloads most calls carry.
    if (length > 64) bytes.set(payload, metaAt);
    else for (let i = 0; i < length; i++) bytes[metaAt + i] = payload[i] as number;
    out.commit(metaAt + payload.length - out.writerIndex);
  }

  /** Writes a frame from ready-made meta bytes and payload (checked like any other frame). */
  writeRaw(
    out: ByteBuffer,
    type: number,
    flags: number,
    id: number,
    meta: Uint8Array = NO_BYTES,
    payload: Uint8Array = NO_BYTES,
  ): void {
    if (type < FrameType.HANDSHAKE || type > FrameType.WINDOW_UPDATE || (type | 0) !== type) {
      throw new ProtocolError('unknown-frame-type', `unknown frame type ${String(type)}`, type);
    }
    const at = this.begin(out, type, flags, id, meta.length, payload.length);
    out.bytes.set(meta, at);
    this.finish(out, at + meta.length, payload);
  }

  /** Writes a REQUEST frame; a unary call sets END_STREAM (the default). */
  writeRequest(
    out: ByteBuffer,
    id: number,
    meta: RequestMetaInit,
    payload: Uint8Array,
    flags: number = FrameFlag.END_STREAM,
  ): void {
    const metaLength = requestMetaSize(meta);
    const at = this.begin(out, FrameType.REQUEST, flags, id, metaLength, payload.length);
    this.finish(out, writeRequestMeta(out.bytes, at, meta), payload);
  }

  /**
   * Writes the header and meta of a REQUEST whose `payloadLength` bytes the caller appends next
   * (e.g. handed to the socket without a copy); the frame is checked as a whole.
   */
  writeRequestHead(
    out: ByteBuffer,
    id: number,
    meta: RequestMetaInit | Uint8Array,
    payloadLength: number,
    flags: number = FrameFlag.END_STREAM,
  ): void {
    if (meta instanceof Uint8Array) {
      const at = this.begin(out, FrameType.REQUEST, flags, id, meta.length, payloadLength);
      out.bytes.set(meta, at);
      out.commit(at + meta.length - out.writerIndex);
      return;
    }
    const at = this.begin(out, FrameType.REQUEST, flags, id, requestMetaSize(meta), payloadLength);
    out.commit(writeRequestMeta(out.bytes, at, meta) - out.writerIndex);
  }

  /** Like {@link writeRequestHead}, for a RESPONSE. */
  writeResponseHead(
    out: ByteBuffer,
    id: number,
    payloadLength: number,
    meta?: ResponseMetaInit,
    flags: number = FrameFlag.END_STREAM,
  ): void {
    const metaLength = meta === undefined ? 0 : responseMetaSize(meta);
    const at = this.begin(out, FrameType.RESPONSE, flags, id, metaLength, payloadLength);
    const end = meta === undefined ? at : writeResponseMeta(out.bytes, at, meta);
    out.commit(end - out.writerIndex);
  }

  /** Writes a RESPONSE frame; a unary answer sets END_STREAM (the default). */
  writeResponse(
    out: ByteBuffer,
    id: number,
    payload: Uint8Array,
    meta?: ResponseMetaInit,
    flags: number = FrameFlag.END_STREAM,
  ): void {
    const metaLength = meta === undefined ? 0 : responseMetaSize(meta);
    const at = this.begin(out, FrameType.RESPONSE, flags, id, metaLength, payload.length);
    this.finish(out, meta === undefined ? at : writeResponseMeta(out.bytes, at, meta), payload);
  }

  /**
   * Writes an ERROR frame for call `id` from a status or an {@link RpcError}. What does not fit
   * the peer's meta limit is cut (the message first, then trailers and details), so that an
   * error always reaches the peer.
   */
  writeError(out: ByteBuffer, id: number, status: StatusMetaInit | RpcError): void {
    this.writeRaw(out, FrameType.ERROR, 0, id, this.fittedStatus(toStatusMeta(status)));
  }

  /** Writes a WINDOW_UPDATE giving `increment` bytes back on call `id` (0: the connection). */
  writeWindowUpdate(out: ByteBuffer, id: number, increment: number): void {
    if (!Number.isInteger(increment) || increment < 1 || increment > 0x7fff_ffff) {
      throw new ProtocolError(
        'flow-control',
        `a window update must give 1..${0x7fff_ffff} bytes, got ${String(increment)}`,
        increment,
      );
    }
    const at = this.begin(out, FrameType.WINDOW_UPDATE, 0, id, 0, 4);
    const bytes = out.bytes;
    bytes[at] = increment >>> 24;
    bytes[at + 1] = (increment >>> 16) & 0xff;
    bytes[at + 2] = (increment >>> 8) & 0xff;
    bytes[at + 3] = increment & 0xff;
    out.commit(at + 4 - out.writerIndex);
  }

  /** The status meta encoded, cut down until it fits the peer's meta limit. */
  private fittedStatus(status: StatusMetaInit): Uint8Array {
    const limit = Math.min(this.maxMetaSize, this.maxFrameSize - HEADER_SIZE);
    const meta = encodeStatusMeta(status);
    if (meta.length <= limit) return meta;
    const message = status.message ?? '';
    const short = message.length > ECHO_LIMIT ? `${message.slice(0, ECHO_LIMIT)}...` : message;
    const withShortMessage = encodeStatusMeta({ ...status, message: short });
    if (withShortMessage.length <= limit) return withShortMessage;
    const code = status.code ?? 0;
    const bare = encodeStatusMeta({ code, message: short });
    if (bare.length <= limit) return bare;
    // A UTF-8 character takes at most 4 bytes; leave room for the code and the field tags.
    const fitted = encodeStatusMeta({
      code,
      message: message.slice(0, Math.max(0, (limit - 16) >> 2)),
    });
    return fitted.length <= limit ? fitted : encodeStatusMeta({ code });
  }

  /** Writes a CANCEL frame for call `id`, with an optional reason. */
  writeCancel(out: ByteBuffer, id: number, reason?: StatusMetaInit | RpcError): void {
    const meta = reason === undefined ? NO_BYTES : encodeStatusMeta(toStatusMeta(reason));
    this.writeRaw(out, FrameType.CANCEL, 0, id, meta);
  }

  /** Writes a PING carrying `pingId`, which the peer echoes in its PONG. */
  writePing(out: ByteBuffer, pingId: number): void {
    this.finish(out, this.begin(out, FrameType.PING, 0, pingId, 0, 0), NO_BYTES);
  }

  /** Writes the PONG answering a PING with `pingId`. */
  writePong(out: ByteBuffer, pingId: number): void {
    this.finish(out, this.begin(out, FrameType.PONG, 0, pingId, 0, 0), NO_BYTES);
  }

  /**
   * Writes a GOAWAY: `lastId` is the highest request id the sender has processed or will process.
   * `drain` marks the first phase of a two-phase shutdown (see PROTOCOL.md).
   */
  writeGoAway(out: ByteBuffer, lastId: number, meta: GoAwayMetaInit = {}, drain = false): void {
    const flags = drain ? FrameFlag.DRAIN : 0;
    let encoded = encodeGoAwayMeta(meta);
    if (encoded.length > Math.min(this.maxMetaSize, this.maxFrameSize - HEADER_SIZE)) {
      // The reason is for people; what the peer needs is the code and the last id.
      encoded = encodeGoAwayMeta({ ...meta, message: (meta.message ?? '').slice(0, ECHO_LIMIT) });
    }
    this.writeRaw(out, FrameType.GOAWAY, flags, lastId, encoded);
  }

  /** Writes a HANDSHAKE; `ack` marks the answer to the peer's. */
  writeHandshake(out: ByteBuffer, meta: HandshakeMetaInit, ack = false): void {
    const flags = ack ? FrameFlag.ACK : 0;
    this.writeRaw(out, FrameType.HANDSHAKE, flags, 0, encodeHandshakeMeta(meta));
  }

  /**
   * Writes a STREAM_DATA frame: one message of a stream; `compressed` sets COMPRESSED (the
   * payload is gzip, for a peer that accepts it).
   */
  writeStreamData(
    out: ByteBuffer,
    id: number,
    payload: Uint8Array,
    endStream = false,
    compressed = false,
  ): void {
    const flags = (endStream ? FrameFlag.END_STREAM : 0) | (compressed ? FrameFlag.COMPRESSED : 0);
    this.finish(out, this.begin(out, FrameType.STREAM_DATA, flags, id, 0, payload.length), payload);
  }

  /** Like {@link writeRequestHead}, for a STREAM_DATA whose payload the caller appends next. */
  writeStreamDataHead(
    out: ByteBuffer,
    id: number,
    payloadLength: number,
    endStream = false,
    compressed = false,
  ): void {
    const flags = (endStream ? FrameFlag.END_STREAM : 0) | (compressed ? FrameFlag.COMPRESSED : 0);
    const at = this.begin(out, FrameType.STREAM_DATA, flags, id, 0, payloadLength);
    out.commit(at - out.writerIndex);
  }

  /** Writes a STREAM_END frame: a client's half-close (no status) or a server's final status. */
  writeStreamEnd(out: ByteBuffer, id: number, status?: StatusMetaInit | RpcError): void {
    const meta = status === undefined ? NO_BYTES : encodeStatusMeta(toStatusMeta(status));
    this.writeRaw(out, FrameType.STREAM_END, 0, id, meta);
  }
}

function toStatusMeta(status: StatusMetaInit | RpcError): StatusMetaInit {
  if (!isRpcError(status)) return status;
  return {
    code: status.code,
    message: status.message,
    details: status.details,
    trailers: status.metadata,
  };
}
