import { type ByteBuffer, type Connection, type FlushTiming, NetError } from '@yrpc/net';
import { ConnectionCredit } from './connection-credit.js';
import { DEFAULT_WINDOW } from './flow-window.js';
import { type Frame, windowIncrement } from './frame.js';
import { FrameDecoder } from './frame-decoder.js';
import { FrameEncoder } from './frame-encoder.js';
import { HEADER_SIZE } from './frame-header.js';
import type { FrameLimitsInit } from './frame-limits.js';
import { FrameFlag, FrameType } from './frame-type.js';
import {
  defaultConnectionWindow,
  type NegotiatedHandshake,
  negotiateHandshake,
} from './handshake.js';
import type { HandshakeMetaInit } from './meta.js';
import { decodeHandshakeMeta } from './protobuf-meta-codec.js';
import { ProtocolError } from './protocol-error.js';

/** Options of a {@link FramedConnection}. */
export interface FramedConnectionOptions {
  /** What this side accepts (checked on every received frame). */
  readonly limits?: FrameLimitsInit;
  /** What the peer accepts, until its handshake says otherwise (checked on every sent frame). */
  readonly peerLimits?: FrameLimitsInit;
  /**
   * The connection window this side grants (and announces in its handshake): the most payload
   * bytes of REQUEST, RESPONSE and STREAM_DATA frames it holds unconsumed. Default: the
   * handshake's default for the max frame size (64 MiB for 16 MiB frames).
   */
  readonly connectionWindow?: number;
}

/** Why a framed connection ended: the connection's reason, or the protocol violation. */
export type FramedCloseReason = NetError | ProtocolError | null;

/**
 * What a {@link FramedConnection} is underneath its two ways of receiving: the connection with
 * its encoder, decoder and connection-level credit; the one guarded write path; taking the next
 * buffered frame (with the credit and request ids it counts); a violation answered with a GOAWAY;
 * the handshake; and closing. {@link FramedConnection} adds how frames reach their consumer
 * (a handler in the data event, or a waiter), pausing, the end of input, and the flow-control
 * calls of the layer above.
 */
export abstract class FramedConnectionCore {
  /** The underlying connection. */
  readonly connection: Connection;
  /** Encodes frames against the peer's limits. */
  readonly encoder: FrameEncoder;
  /** Decodes frames against this side's limits. */
  readonly decoder: FrameDecoder;
  protected violation: ProtocolError | undefined;
  private highestRequestId = 0;
  /** The HANDSHAKE kinds received (opening, ACK): a peer sends each at most once. */
  private readonly handshakesReceived = { opening: false, ack: false };
  /** Connection-level flow control (PROTOCOL.md section 10). */
  protected readonly credit: ConnectionCredit;

  constructor(connection: Connection, options: FramedConnectionOptions = {}) {
    this.connection = connection;
    this.decoder = new FrameDecoder(options.limits);
    this.encoder = new FrameEncoder(options.peerLimits);
    const maxFrameSize = this.decoder.limits.maxFrameSize;
    this.credit = new ConnectionCredit(
      connection,
      this.encoder,
      options.connectionWindow ?? defaultConnectionWindow(maxFrameSize),
      maxFrameSize - HEADER_SIZE,
    );
  }

  /** The peer's address, for messages and logs. */
  get peer(): string {
    return this.connection.remoteAddress;
  }

  /** The highest REQUEST id received so far (0 before any): what a GOAWAY reports. */
  get lastRequestId(): number {
    return this.highestRequestId;
  }

  /** The output buffer to append frames to (schedules the tick's flush). */
  beginWrite(): ByteBuffer {
    return this.connection.beginWrite();
  }

  /**
   * The one guarded way to write: calls `write` with the encoder and the output buffer, and never
   * throws. Returns `undefined` when the frames were written; the {@link ProtocolError} when a
   * frame does not fit the peer's limits (nothing of it was written, the connection goes on);
   * for anything else (the connection no longer takes writes, a buffer limit) the connection is
   * aborted with that reason, which is returned. `flush`: when the tick's writes leave
   * (`Connection.write`); frames of a stream pass `immediate` to leave together.
   */
  writeFrames(
    write: (encoder: FrameEncoder, out: ByteBuffer) => void,
    flush?: FlushTiming,
  ): Error | undefined {
    const connection = this.connection;
    if (connection.state !== 'open' || connection.writeShutDown) {
      return connection.closeReason ?? WRITE_SHUT;
    }
    try {
      write(this.encoder, connection.beginWrite(flush));
      return undefined;
    } catch (error) {
      if (error instanceof ProtocolError) return error;
      const reason = error instanceof Error ? error : new Error(String(error));
      connection.abort(
        new NetError('io', `writing to the connection to ${connection.remoteAddress} failed`, {
          address: connection.remoteAddress,
          cause: reason,
        }),
      );
      return reason;
    }
  }

  /**
   * Appends `bytes` to the output after what was written before, without copying them (the
   * caller gives them up): the payload of a frame whose head was just written. Never throws;
   * false when the connection no longer takes writes. `flush` as for {@link writeFrames};
   * `onWritten` is called once the socket wrote the bytes, from when on the caller may reuse the
   * array: only on a plain TCP socket, never if the connection fails first (see
   * `Connection.writeOwned`).
   */
  writeOwned(bytes: Uint8Array, flush?: FlushTiming, onWritten?: () => void): boolean {
    const connection = this.connection;
    if (connection.state !== 'open' || connection.writeShutDown) return false;
    connection.writeOwned(bytes, flush, onWritten);
    return true;
  }

  /**
   * Takes the next complete frame already buffered, without waiting; `undefined` if none.
   * @throws ProtocolError after answering the peer with a GOAWAY and closing.
   */
  tryReadFrame(): Frame | undefined {
    if (this.violation !== undefined) throw this.violation;
    this.credit.settleLast();
    try {
      for (;;) {
        const frame = this.decoder.decode(this.connection.input);
        if (frame === undefined) return undefined;
        switch (frame.type) {
          case FrameType.REQUEST:
            if (frame.id > this.highestRequestId) this.highestRequestId = frame.id;
            if (frame.payloadEnd !== frame.metaEnd) this.credit.received(frame.payloadLength);
            return frame;
          case FrameType.RESPONSE:
          case FrameType.STREAM_DATA:
            if (frame.payloadEnd !== frame.metaEnd) this.credit.received(frame.payloadLength);
            return frame;
          case FrameType.WINDOW_UPDATE:
            if (frame.id !== 0) return frame;
            this.credit.grant(windowIncrement(frame));
            break;
          default:
            return frame;
        }
      }
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Records a violation, tells the peer with a GOAWAY, closes, and returns the error to throw. */
  protected fail(error: unknown): unknown {
    if (!(error instanceof ProtocolError) || this.violation !== undefined) return error;
    this.violation = error;
    const connection = this.connection;
    if (connection.state === 'open') {
      try {
        this.encoder.writeGoAway(connection.beginWrite(), this.highestRequestId, {
          code: error.status,
          message: error.message,
        });
      } catch {
        // The connection may refuse writes (already shut down); closing is what matters.
      }
    }
    connection.close();
    return error;
  }

  /** Sends this side's HANDSHAKE (see {@link localHandshake}); `ack` when answering the peer's. */
  sendHandshake(local: HandshakeMetaInit, ack = false): void {
    this.encoder.writeHandshake(this.beginWrite(), local, ack);
  }

  /**
   * Handles a received HANDSHAKE frame: decodes it, negotiates with `local`, adopts the peer's
   * limits for sending, and answers with an ACK handshake unless the frame is itself the ACK.
   * @throws ProtocolError (`bad-meta`, `unsupported-version`, `invalid-meta`, `invalid-frame` for
   * a second HANDSHAKE of the same kind) after answering the peer with a GOAWAY and closing.
   */
  acceptHandshake(frame: Frame, local: HandshakeMetaInit): NegotiatedHandshake {
    let negotiated: NegotiatedHandshake;
    try {
      if (frame.type !== FrameType.HANDSHAKE) {
        throw new ProtocolError('invalid-frame', 'expected a HANDSHAKE frame first', frame.type);
      }
      const kind = (frame.flags & FrameFlag.ACK) === 0 ? 'opening' : 'ack';
      if (this.handshakesReceived[kind]) {
        // Each would re-announce limits and re-grant the window: PROTOCOL.md section 6 allows one.
        throw new ProtocolError(
          'invalid-frame',
          `a second HANDSHAKE${kind === 'ack' ? ' with ACK' : ''} from the peer`,
          frame.type,
        );
      }
      this.handshakesReceived[kind] = true;
      const peer = decodeHandshakeMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      negotiated = negotiateHandshake(local, peer);
    } catch (error) {
      throw this.fail(error);
    }
    this.encoder.setPeerLimits({
      maxFrameSize: negotiated.peerMaxFrameSize,
      maxMetaSize: negotiated.peerMaxMetaSize,
    });
    if ((frame.flags & FrameFlag.ACK) === 0) this.sendHandshake(local, true);
    if (negotiated.peerConnectionWindow !== DEFAULT_WINDOW) {
      this.credit.adopt(negotiated.peerConnectionWindow);
    }
    return negotiated;
  }

  /** Adds a handler called once when the connection has closed, with the reason. */
  onClose(handler: (reason: FramedCloseReason) => void): void {
    this.connection.onClose((reason) => handler(this.violation ?? reason));
  }

  /** Resolves with the close reason once closed. Never rejects. */
  get closed(): Promise<FramedCloseReason> {
    return this.connection.closed.then((reason) => this.violation ?? reason);
  }

  /** Graceful close: sends what is buffered, ends our side, waits for the peer's end. */
  close(): void {
    this.connection.close();
  }

  /** Closes at once, discarding unsent output. */
  abort(reason?: NetError): void {
    this.connection.abort(reason);
  }
}

const WRITE_SHUT = new Error('the connection no longer takes writes');
