import {
  type ByteBuffer,
  type Connection,
  type NetError,
  type Operation,
  suspend,
  type Waiter,
} from '@yrpc/net';
import type { Frame } from './frame.js';
import { FrameDecoder } from './frame-decoder.js';
import { FrameEncoder } from './frame-encoder.js';
import { HEADER_SIZE } from './frame-header.js';
import type { FrameLimitsInit } from './frame-limits.js';
import { FrameFlag, FrameType } from './frame-type.js';
import { type NegotiatedHandshake, negotiateHandshake } from './handshake.js';
import type { HandshakeMetaInit } from './meta.js';
import { decodeHandshakeMeta } from './protobuf-meta-codec.js';
import { ProtocolError } from './protocol-error.js';

/** Options of a {@link FramedConnection}. */
export interface FramedConnectionOptions {
  /** What this side accepts (checked on every received frame). */
  readonly limits?: FrameLimitsInit;
  /** What the peer accepts, until its handshake says otherwise (checked on every sent frame). */
  readonly peerLimits?: FrameLimitsInit;
}

/** Why a framed connection ended: the connection's reason, or the protocol violation. */
export type FramedCloseReason = NetError | ProtocolError | null;

/**
 * Frames over a {@link Connection}: the service the RPC layer builds on.
 *
 * Sending: `encoder.writeX(framed.beginWrite(), ...)` appends a frame to the connection's output
 * buffer; everything written in one tick leaves in one socket write.
 *
 * Receiving, two styles (use one): {@link FramedConnection.onFrame} calls a handler for every
 * frame synchronously inside the data event (frames are views into the input buffer, valid
 * during the call); or {@link FramedConnection.whenFrame} parks a waiter (a coroutine's
 * `Resumer`) until the next frame: `yield* suspend((r) => framed.whenFrame(r))`.
 *
 * A protocol violation by the peer answers with a GOAWAY carrying the violation's status and the
 * highest request id received, then closes the connection; the close reason is the
 * {@link ProtocolError}.
 */
export class FramedConnection {
  /** The underlying connection. */
  readonly connection: Connection;
  /** Encodes frames against the peer's limits. */
  readonly encoder: FrameEncoder;
  /** Decodes frames against this side's limits. */
  readonly decoder: FrameDecoder;
  private frameHandler: ((frame: Frame) => void) | undefined;
  private violation: ProtocolError | undefined;
  private highestRequestId = 0;

  constructor(connection: Connection, options: FramedConnectionOptions = {}) {
    this.connection = connection;
    this.decoder = new FrameDecoder(options.limits);
    this.encoder = new FrameEncoder(options.peerLimits);
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
   * Takes the next complete frame already buffered, without waiting; `undefined` if none.
   * @throws ProtocolError after answering the peer with a GOAWAY and closing.
   */
  tryReadFrame(): Frame | undefined {
    if (this.violation !== undefined) throw this.violation;
    let frame: Frame | undefined;
    try {
      frame = this.decoder.decode(this.connection.input);
    } catch (error) {
      throw this.fail(error);
    }
    if (
      frame !== undefined &&
      frame.type === FrameType.REQUEST &&
      frame.id > this.highestRequestId
    ) {
      this.highestRequestId = frame.id;
    }
    return frame;
  }

  /**
   * Calls `handler` for every frame as it arrives, inside the connection's data event; writes
   * it makes leave together when the event ends. `undefined` removes the handler. A
   * ProtocolError thrown by the handler is treated as the peer's violation (GOAWAY, close).
   */
  onFrame(handler: ((frame: Frame) => void) | undefined): void {
    this.frameHandler = handler;
    this.connection.onReadable(handler === undefined ? undefined : this.deliver);
  }

  private readonly deliver = (): void => {
    const handler = this.frameHandler;
    if (handler === undefined) return;
    try {
      for (let frame = this.tryReadFrame(); frame !== undefined; frame = this.tryReadFrame()) {
        handler(frame);
        if (this.frameHandler !== handler) return;
      }
      this.checkTruncatedEnd();
    } catch (error) {
      // A violation, found by the decoder or by the handler (say, a meta block that does not
      // decode), ends the connection with a GOAWAY; its close reason tells. Anything else is a
      // bug in the handler, and the connection aborts with it as the cause.
      if (!(error instanceof ProtocolError)) throw error;
      this.fail(error);
    }
  };

  /**
   * Resumes `waiter` with the next frame (at once if one is buffered), with `undefined` when the
   * peer ended its stream cleanly, or fails it with the close reason or a ProtocolError. Returns
   * a cancel function. The frame's views are valid until the connection next reads.
   */
  whenFrame(waiter: Waiter<Frame | undefined>): () => void {
    let cancel: () => void = noop;
    let done = false;
    const attempt = (): void => {
      let frame: Frame | undefined;
      try {
        frame = this.tryReadFrame();
      } catch (error) {
        done = true;
        waiter.fail(error);
        return;
      }
      if (frame !== undefined) {
        done = true;
        waiter.resume(frame);
        return;
      }
      cancel = this.connection.whenReadable(this.bytesNeeded(), {
        resume: (more) => {
          if (done) return;
          if (more) {
            attempt();
            return;
          }
          done = true;
          try {
            this.checkTruncatedEnd();
            waiter.resume(undefined);
          } catch (error) {
            waiter.fail(error);
          }
        },
        fail: (reason) => {
          if (done) return;
          done = true;
          waiter.fail(this.violation ?? reason);
        },
      });
    };
    attempt();
    return () => {
      done = true;
      cancel();
    };
  }

  /**
   * The next frame, as a coroutine operation: `const frame = yield* framed.readFrame()`. Returns
   * at once when a frame is buffered; `undefined` when the peer ended its stream cleanly. Halting
   * the coroutine while it waits removes the waiter.
   * @throws ProtocolError (after a GOAWAY and close), or the connection's NetError.
   */
  readFrame(): Operation<Frame | undefined> {
    return suspend<Frame | undefined>((resumer) => this.whenFrame(resumer));
  }

  /** Bytes the input must hold before the next frame can be complete. */
  private bytesNeeded(): number {
    const input = this.connection.input;
    if (input.readableBytes < HEADER_SIZE) return HEADER_SIZE;
    return HEADER_SIZE + input.peekU16(6) + input.peekU32(12);
  }

  /** At end of input, leftover bytes are a frame cut off: a violation. */
  private checkTruncatedEnd(): void {
    const left = this.connection.input.readableBytes;
    if (this.connection.ended && left > 0) {
      throw this.fail(
        new ProtocolError(
          'invalid-frame',
          `the peer ended its stream inside a frame (${left} byte(s) of it received)`,
          left,
        ),
      );
    }
  }

  /** Records a violation, tells the peer with a GOAWAY, closes, and returns the error to throw. */
  private fail(error: unknown): unknown {
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
   * @throws ProtocolError (`bad-meta`, `unsupported-version`, `invalid-meta`) after answering the
   * peer with a GOAWAY and closing.
   */
  acceptHandshake(frame: Frame, local: HandshakeMetaInit): NegotiatedHandshake {
    let negotiated: NegotiatedHandshake;
    try {
      if (frame.type !== FrameType.HANDSHAKE) {
        throw new ProtocolError('invalid-frame', 'expected a HANDSHAKE frame first', frame.type);
      }
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

function noop(): void {}
