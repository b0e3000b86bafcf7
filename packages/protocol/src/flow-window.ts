import { ProtocolError } from './protocol-error.js';

/** The window both sides assume until the peer's HANDSHAKE says otherwise: 1 MiB. */
export const DEFAULT_WINDOW = 1024 * 1024;
/** The largest a flow-control window may grow: 2^31 - 1 bytes. */
export const MAX_WINDOW = 0x7fff_ffff;

/**
 * The credit a sender has left on one window the peer granted (PROTOCOL.md section 10): what it
 * may still put on the wire before the peer gives credit back with a WINDOW_UPDATE.
 */
export class SendWindow {
  #credit: number;

  /** A window of `initial` bytes (the default window until the peer's handshake). */
  constructor(initial: number = DEFAULT_WINDOW) {
    this.#credit = initial;
  }

  /** Bytes that may be sent now. */
  get credit(): number {
    return this.#credit;
  }

  /** Whether a payload of `bytes` fits the credit left. */
  fits(bytes: number): boolean {
    return bytes <= this.#credit;
  }

  /** Takes `bytes` of credit for a payload being sent; the caller checked {@link fits}. */
  spend(bytes: number): void {
    this.#credit -= bytes;
  }

  /**
   * Adds credit the peer gave back.
   * @throws ProtocolError `flow-control` for an increment of 0 or one past 2^31-1 in total.
   */
  grant(increment: number): void {
    if (increment < 1 || increment > MAX_WINDOW) {
      throw new ProtocolError(
        'flow-control',
        `a window update must give 1..${MAX_WINDOW} bytes, got ${increment}`,
        increment,
      );
    }
    const credit = this.#credit + increment;
    if (credit > MAX_WINDOW) {
      throw new ProtocolError(
        'flow-control',
        `a window update of ${increment} bytes takes the window to ${credit}, past ${MAX_WINDOW}`,
        credit,
      );
    }
    this.#credit = credit;
  }

  /** Adopts the initial window the peer announced: adds what it grants beyond the default. */
  adopt(announced: number): void {
    this.#credit += announced - DEFAULT_WINDOW;
  }
}

/**
 * What a receiver granted on one window (PROTOCOL.md section 10): counts payload bytes as they
 * arrive (a peer that sends more than granted is a violation), and gives credit back as the
 * bytes are consumed, batched so that a WINDOW_UPDATE is rare.
 */
export class ReceiveWindow {
  /** The window granted in the handshake. */
  readonly size: number;
  readonly #announceAt: number;
  /** Bytes the peer may still send before it must wait for an update. */
  #granted: number;
  /** Consumed bytes not yet announced to the peer. */
  #released = 0;

  /**
   * A window of `size` bytes; `maxPayload` is the largest payload this side accepts in a frame.
   * Released bytes are announced at half the window, or sooner when a sender waiting for a
   * frame of `maxPayload` could otherwise wait forever.
   */
  constructor(size: number, maxPayload: number) {
    this.size = size;
    this.#granted = size;
    this.#announceAt = Math.max(1, Math.min(Math.floor(size / 2), size - maxPayload));
  }

  /** Bytes the peer may still send. */
  get granted(): number {
    return this.#granted;
  }

  /** Bytes received and not yet consumed (what this side holds for the peer). */
  get held(): number {
    return this.size - this.#granted - this.#released;
  }

  /**
   * Counts a payload of `bytes` that arrived.
   * @throws ProtocolError `flow-control` when it exceeds what was granted.
   */
  receive(bytes: number): void {
    if (bytes > this.#granted) {
      throw new ProtocolError(
        'flow-control',
        `the peer sent ${bytes} payload bytes with only ${this.#granted} bytes of window granted`,
        bytes,
      );
    }
    this.#granted -= bytes;
  }

  /**
   * Records that `bytes` received earlier were consumed. Returns the increment to announce in a
   * WINDOW_UPDATE now, or 0 while the released bytes are still batched.
   */
  release(bytes: number): number {
    const released = this.#released + bytes;
    if (released < this.#announceAt) {
      this.#released = released;
      return 0;
    }
    this.#released = 0;
    this.#granted += released;
    return released;
  }
}
