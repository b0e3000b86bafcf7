import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { GatewayConnection } from '@yrpc/rpc';

/**
 * One HTTP request and its response, whether it came over HTTP/2 (a stream) or HTTP/1.1 (a
 * request on a keep-alive connection): what the gRPC, gRPC-Web and Connect handlers are written
 * against.
 */
export interface HttpExchange {
  /** `2` or `1.1`. */
  readonly httpVersion: '2' | '1.1';
  /** Upper case (`POST`, `GET`). */
  readonly method: string;
  /** The path without the query (`/package.Service/Method`). */
  readonly path: string;
  /** The query string without `?`, empty when none. */
  readonly query: string;
  /** Request headers, keys in lower case (on HTTP/2 with its pseudo-headers, `:path` and the like). */
  readonly headers: IncomingHttpHeaders;
  /** The peer's address (`host:port`). */
  readonly peer: string;
  /**
   * Starts delivering the request body: `onData` for each chunk, `onEnd` at its end (also for an
   * empty body). Call once. Flow control: {@link pauseBody} / {@link resumeBody}.
   */
  readBody(onData: (chunk: Buffer) => void, onEnd: () => void): void;
  /** Stops reading the body (the peer's flow control then holds it back). */
  pauseBody(): void;
  /** Reads the body again after {@link pauseBody}. */
  resumeBody(): void;
  /**
   * Sets the status and headers, once, before any body. They leave with the first body bytes, or
   * at {@link end}: an exchange ended without a body sends one block of headers, the trailers
   * given to `end` merged in (on HTTP/2 with END_STREAM: gRPC's Trailers-Only).
   */
  respond(status: number, headers: OutgoingHttpHeaders): void;
  /** Whether {@link respond} was called. */
  readonly responded: boolean;
  /**
   * Sends body bytes (kept until written: do not reuse `chunk`). Returns `false` when the peer's
   * flow control holds them: wait for {@link onDrain}.
   */
  write(chunk: Uint8Array): boolean;
  /** Calls `listener` once, when written bytes held back have gone. */
  onDrain(listener: () => void): void;
  /**
   * Ends the response, with HTTP trailers when given (HTTP/2; on HTTP/1.1 trailers must be sent
   * in the body by the protocol, as gRPC-Web does).
   */
  end(trailers?: OutgoingHttpHeaders): void;
  /**
   * Calls `listener` once if the exchange ends before the response was ended: the peer reset
   * the stream, closed the connection, or the connection failed.
   */
  onAbort(listener: () => void): void;
  /** Gives the exchange up at once: RST_STREAM (CANCEL, or `code`) on HTTP/2, a closed connection on HTTP/1.1. */
  reset(code?: number): void;
}

/** Handles the requests of one protocol (gRPC, gRPC-Web, Connect) routed to it. */
export interface ExchangeHandler {
  /** Handles one exchange, to its end; its call runs among the `calls` of its connection. */
  handle(exchange: HttpExchange, calls: GatewayConnection): void;
}

/** The first value of request header `name` (lower case), undefined when it is absent. */
export function requestHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
