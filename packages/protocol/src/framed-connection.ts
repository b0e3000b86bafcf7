import {
  type ByteBuffer,
  type Connection,
  type FlushTiming,
  NetError,
  type Operation,
  suspend,
  type Waiter,
} from '@yrpc/net';
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
  /** Connection-level flow control (PROTOCOL.md section 10). */
  private readonly credit: ConnectionCredit;
  private framesPaused = false;
  private endHandler: (() => void) | undefined;
  private endTold = false;

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

  // ── flow control (PROTOCOL.md section 10) ─────────────────────────────

  /** Payload bytes this side may still send on the connection before the peer gives credit back. */
  get sendCredit(): number {
    return this.credit.sendCredit;
  }

  /**
   * True while the connection's pending output is over its high-water mark: writers should wait
   * ({@link onWritable}) rather than add more.
   */
  get outputBackedUp(): boolean {
    return this.connection.outputBackedUp;
  }

  /**
   * Whether a flow-controlled frame with a payload of `bytes` may be sent now: the peer's credit
   * covers it and the output is not backed up. If not, {@link onWritable} tells when to try again.
   */
  canSend(bytes: number): boolean {
    return this.credit.canSend(bytes);
  }

  /** Takes `bytes` of the peer's credit for a payload about to be written (after {@link canSend}). */
  spend(bytes: number): void {
    this.credit.spend(bytes);
  }

  /**
   * Sets the handler called when sending may go on: the peer gave credit back, or backed-up
   * output drained. Called inside the connection's events; writes it makes leave together.
   */
  onWritable(handler: (() => void) | undefined): void {
    this.credit.onWritable(handler);
  }

  /**
   * Records that `bytes` of received payload were consumed (decoded and handed on), and gives the
   * credit back to the peer with a WINDOW_UPDATE once enough has gathered.
   */
  release(bytes: number): void {
    this.credit.release(bytes);
  }

  /**
   * Stops handing frames to the {@link onFrame} handler and stops reading from the socket, until
   * {@link resumeFrames}; the frame being read when it takes effect is still read to its end.
   */
  pauseFrames(): void {
    if (this.framesPaused) return;
    this.framesPaused = true;
    this.connection.pauseReading();
    this.credit.watchDrain();
  }

  /** Undoes {@link pauseFrames}: frames already buffered are handed on in a microtask. */
  resumeFrames(): void {
    if (!this.framesPaused) return;
    this.framesPaused = false;
    this.connection.resumeReading();
    queueMicrotask(() => {
      if (!this.framesPaused && this.connection.state !== 'closed') this.deliver();
    });
  }

  /** Whether frame delivery is paused ({@link pauseFrames}). */
  get paused(): boolean {
    return this.framesPaused;
  }

  /**
   * Sets the handler called once when the peer has ended its side cleanly and every frame it
   * sent was handed on (a half-close: this side may still write).
   */
  onEnd(handler: (() => void) | undefined): void {
    this.endHandler = handler;
  }

  /**
   * Keeps the payload of the frame just taken counted against the window (it is not consumed
   * yet, e.g. a request put aside); returns its size, which the caller passes to
   * {@link release} once it has consumed it.
   */
  retain(): number {
    return this.credit.retain();
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
      while (!this.framesPaused) {
        const frame = this.tryReadFrame();
        if (frame === undefined) break;
        handler(frame);
        if (this.frameHandler !== handler) {
          this.credit.settleLast();
          return;
        }
      }
      this.credit.settleLast();
      if (this.framesPaused) return;
      this.expectFrameInProgress();
      this.checkTruncatedEnd();
      if (this.connection.ended && !this.endTold && this.connection.state !== 'closed') {
        this.endTold = true;
        this.endHandler?.();
      }
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

  /**
   * Tells the connection how many bytes the frame in progress needs, so that reading does not
   * pause in the middle of it (a frame up to the limit is always read to its end).
   */
  private expectFrameInProgress(): void {
    const readable = this.connection.input.readableBytes;
    if (readable === 0) return;
    const needed = this.bytesNeeded();
    if (needed > readable) this.connection.expectInput(needed);
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

function noop(): void {}

const WRITE_SHUT = new Error('the connection no longer takes writes');
