import type { Connection } from '@yrpc/net';
import { DEFAULT_WINDOW, ReceiveWindow, SendWindow } from './flow-window.js';
import type { FrameEncoder } from './frame-encoder.js';

/**
 * The connection-level flow control of one framed connection (PROTOCOL.md section 10): the
 * credit the peer granted this side (what it may still send) and the window this side granted
 * the peer, with the payload of the frame last taken counted until it is consumed or retained.
 * One per connection, made by {@link FramedConnection}; its methods are the connection's.
 */
export class ConnectionCredit {
  /** Credit the peer granted on the connection: what this side may still send. */
  private readonly sendWindow = new SendWindow(DEFAULT_WINDOW);
  /** What this side granted the peer on the connection. */
  private readonly receiveWindow: ReceiveWindow;
  private readonly connection: Connection;
  private readonly encoder: FrameEncoder;
  private writableHandler: (() => void) | undefined;
  private waitingForDrain = false;
  /** Payload of the last frame taken, released when the next is read unless retained. */
  private lastPayload = 0;

  constructor(connection: Connection, encoder: FrameEncoder, window: number, maxPayload: number) {
    this.connection = connection;
    this.encoder = encoder;
    this.receiveWindow = new ReceiveWindow(window, maxPayload);
  }

  /** Payload bytes this side may still send before the peer gives credit back. */
  get sendCredit(): number {
    return this.sendWindow.credit;
  }

  /** Whether a payload of `bytes` may be sent now; if not, the writable handler tells when. */
  canSend(bytes: number): boolean {
    if (this.sendWindow.fits(bytes) && !this.connection.outputBackedUp) return true;
    this.watchDrain();
    return false;
  }

  /** Takes `bytes` of the peer's credit for a payload about to be written. */
  spend(bytes: number): void {
    this.sendWindow.spend(bytes);
  }

  /** The peer gave `increment` bytes of credit back (a connection WINDOW_UPDATE). */
  grant(increment: number): void {
    this.sendWindow.grant(increment);
    this.tellWritable();
  }

  /** The peer announced its connection window in the handshake. */
  adopt(window: number): void {
    this.sendWindow.adopt(window);
    this.tellWritable();
  }

  /** Sets the handler called when sending may go on (credit came back, or output drained). */
  onWritable(handler: (() => void) | undefined): void {
    this.writableHandler = handler;
  }

  /** `bytes` of received payload were consumed: credit goes back once enough has gathered. */
  release(bytes: number): void {
    const increment = this.receiveWindow.release(bytes);
    if (increment === 0 || this.connection.state !== 'open') return;
    try {
      this.encoder.writeWindowUpdate(this.connection.beginWrite(), 0, increment);
    } catch {
      // Our write side is shut: the peer is not sending to a connection it ended either.
    }
  }

  /** Counts the payload of the frame just taken; it is released by {@link settleLast}. */
  received(bytes: number): void {
    this.receiveWindow.receive(bytes);
    this.lastPayload = bytes;
  }

  /** Releases the last frame's payload unless it was retained (the next frame is being read). */
  settleLast(): void {
    const bytes = this.lastPayload;
    if (bytes === 0) return;
    this.lastPayload = 0;
    this.release(bytes);
  }

  /** Keeps the last frame's payload counted; returns its size, to {@link release} later. */
  retain(): number {
    const bytes = this.lastPayload;
    this.lastPayload = 0;
    return bytes;
  }

  /** Waits for backed-up output to drain, then calls the writable handler (once per wait). */
  watchDrain(): void {
    if (this.waitingForDrain || !this.connection.outputBackedUp) return;
    this.waitingForDrain = true;
    this.connection.whenDrained({
      resume: () => {
        this.waitingForDrain = false;
        this.tellWritable();
      },
      fail: () => {
        this.waitingForDrain = false;
      },
    });
  }

  private tellWritable(): void {
    this.writableHandler?.();
  }
}
