import { SendWindow } from '@yrpc/protocol';

interface CreditWaiter {
  readonly bytes: number;
  resume(): void;
  fail(error: unknown): void;
}

/**
 * The credit one side of a stream has on the peer's stream window (PROTOCOL.md section 10), and
 * the messages waiting for it, in order: a message takes its credit at once when nothing waits
 * before it, or waits until the peer gives credit back. Credit is taken for a waiter when it is
 * woken, so waiters woken together never share it. A credit that is not `open` yet (a call not
 * sent) wakes nobody until it opens.
 */
export class StreamCredit {
  readonly #window: SendWindow;
  #waiters: CreditWaiter[] = [];
  #open: boolean;

  /** `initial` bytes of credit; `open`: whether waiters may be woken yet. */
  constructor(initial: number, open = true) {
    this.#window = new SendWindow(initial);
    this.#open = open;
  }

  /** Messages waiting for credit. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Takes `bytes` of credit if nothing waits before them and they fit; true when taken. */
  tryTake(bytes: number): boolean {
    if (!this.#open || this.#waiters.length > 0 || !this.#window.fits(bytes)) return false;
    this.#window.spend(bytes);
    return true;
  }

  /** Resolves once `bytes` of credit were taken for the caller, after those waiting before. */
  take(bytes: number): Promise<void> {
    return new Promise<void>((resume, fail) => {
      this.#waiters.push({ bytes, resume, fail });
      this.#wake();
    });
  }

  /** The peer gave `increment` bytes back (a WINDOW_UPDATE). */
  grant(increment: number): void {
    this.#window.grant(increment);
    this.#wake();
  }

  /** The peer announced its stream window (handshake): what it grants beyond the default. */
  adopt(window: number): void {
    this.#window.adopt(window);
    this.#wake();
  }

  /** From now on waiters are woken (the call was sent). */
  open(): void {
    this.#open = true;
    this.#wake();
  }

  /** The stream ended: every waiter fails with `error`. */
  fail(error: unknown): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.fail(error);
  }

  #wake(): void {
    if (!this.#open) return;
    while (this.#waiters.length > 0) {
      const waiter = this.#waiters[0] as CreditWaiter;
      if (!this.#window.fits(waiter.bytes)) break;
      this.#waiters.shift();
      this.#window.spend(waiter.bytes);
      waiter.resume();
    }
  }
}
