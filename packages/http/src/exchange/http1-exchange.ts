import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { HttpExchange } from './http-exchange.js';
import { ReadableRequestExchange } from './readable-request-exchange.js';

/**
 * An {@link HttpExchange} over one HTTP/1.1 request. HTTP/1.1 has no trailers the protocols use:
 * gRPC-Web and Connect carry theirs in the body, and `end`'s trailers are merged into the headers
 * of a response without a body, dropped otherwise.
 */
export class Http1Exchange extends ReadableRequestExchange {
  readonly httpVersion = '1.1' as const;
  readonly #request: IncomingMessage;
  readonly #response: ServerResponse;
  #headersSent = false;
  #ended = false;

  constructor(request: IncomingMessage, response: ServerResponse, peer: string) {
    super(request, request.method ?? 'GET', request.url ?? '/', request.headers, peer);
    this.#request = request;
    this.#response = response;
    request.on('error', noop);
    response.on('error', noop);
  }

  #sendHeaders(extra: OutgoingHttpHeaders | undefined): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    this.#response.writeHead(this.responseStatus, { ...this.responseHeaders, ...extra });
  }

  write(chunk: Uint8Array): boolean {
    if (this.#ended || this.#response.destroyed) return true;
    this.#sendHeaders(undefined);
    return this.#response.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.#response.once('drain', listener);
  }

  end(trailers?: OutgoingHttpHeaders): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#response.destroyed) return;
    this.#sendHeaders(trailers);
    this.#response.end();
  }

  onAbort(listener: () => void): void {
    this.#response.once('close', () => {
      if (!this.#response.writableFinished) listener();
    });
  }

  reset(): void {
    this.#ended = true;
    this.#request.socket.destroy();
  }
}

function noop(): void {}
