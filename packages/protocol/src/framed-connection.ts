import { type Operation, suspend, type Waiter } from '@yrpc/net';
import type { Frame } from './frame.js';
import { HEADER_SIZE } from './frame-header.js';
import { FramedConnectionCore } from './framed-connection-core.js';
import { ProtocolError } from './protocol-error.js';

export type { FramedCloseReason, FramedConnectionOptions } from './framed-connection-core.js';

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
export class FramedConnection extends FramedConnectionCore {
  private frameHandler: ((frame: Frame) => void) | undefined;
  private framesPaused = false;
  private endHandler: (() => void) | undefined;
  private endTold = false;

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
}

function noop(): void {}
