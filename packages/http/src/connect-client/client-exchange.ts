import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { StreamFailure } from '../http-client/stream-reset.js';

/**
 * What happens to one HTTP request of a client, in this order: `response` once (when the server
 * answers), `data` per body chunk, `closed` once and last.
 */
export interface ClientExchangeEvents {
  /** The response's status and headers. */
  response(status: number, headers: IncomingHttpHeaders): void;
  /** A chunk of the response body (not reused by the exchange). */
  data(chunk: Buffer): void;
  /**
   * The exchange is over: `failure` undefined when the response body came to its end, else why
   * it did not (a reset, a lost connection). Called after {@link ClientExchange.cancel} too.
   */
  closed(failure: StreamFailure | undefined): void;
}

/** One HTTP request (HTTP/2 stream or HTTP/1.1 exchange) as a protocol's client call drives it. */
export interface ClientExchange {
  /** Writes request body bytes; false when the caller should wait for `drained`. */
  write(chunk: Buffer, drained: () => void): boolean;
  /** Ends the request body (with a last `chunk`). */
  end(chunk?: Buffer): void;
  /** Whether the request body can take no more bytes (ended, or the exchange is gone). */
  readonly requestClosed: boolean;
  /** Stops reading the response (the peer's flow control then holds it back). */
  pause(): void;
  resume(): void;
  /** Abandons the exchange: RST_STREAM CANCEL on HTTP/2, the connection closed on HTTP/1.1. */
  cancel(): void;
}

/** Opens an exchange: a POST to `path` with `headers` (no pseudo-headers), answered to `events`. */
export type OpenExchange = (
  path: string,
  headers: OutgoingHttpHeaders,
  events: ClientExchangeEvents,
) => ClientExchange;
