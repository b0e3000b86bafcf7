import type { HttpExchange } from './http-exchange.js';

/**
 * Request bytes a request stream may have received and its handler not yet taken before the
 * body is paused (HTTP/2 flow control then holds the client back). 1 MiB: a few messages'
 * worth keeps a streaming handler busy without a round trip, and a handler that stops reading
 * costs the server no more than this per call. The same for gRPC, gRPC-Web and Connect.
 */
export const REQUEST_WINDOW_BYTES = 1024 * 1024;

/**
 * The request-body flow control of one call: the body is paused once the call holds more than
 * a window of request bytes its handler has not taken, and read again once the handler has
 * taken enough. Pausing the body is what makes the peer's flow control (HTTP/2 windows, TCP on
 * HTTP/1.1) hold a fast client back, instead of the server buffering without bound.
 */
export class RequestBodyWindow {
  readonly #exchange: HttpExchange;
  readonly #windowBytes: number;
  #paused = false;

  /** @param windowBytes untaken request bytes past which the body is paused. */
  constructor(exchange: HttpExchange, windowBytes: number = REQUEST_WINDOW_BYTES) {
    this.#exchange = exchange;
    this.#windowBytes = windowBytes;
  }

  /** Whether the body is paused now. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Request bytes went to the call, which now holds `unconsumedBytes` untaken: pause past the window. */
  received(unconsumedBytes: number): void {
    if (this.#paused || unconsumedBytes <= this.#windowBytes) return;
    this.#paused = true;
    this.#exchange.pauseBody();
  }

  /** The handler took request bytes, `unconsumedBytes` are left: resume once within the window. */
  consumed(unconsumedBytes: number): void {
    if (!this.#paused || unconsumedBytes > this.#windowBytes) return;
    this.#paused = false;
    this.#exchange.resumeBody();
  }

  /**
   * The call is over: a paused body is read again (and dropped by the call), so that a client
   * still sending does not stay blocked on a window nobody will open.
   */
  release(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#exchange.resumeBody();
  }
}
