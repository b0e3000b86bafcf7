import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import type { HttpExchange } from './http-exchange.js';

/**
 * An {@link HttpExchange} over one HTTP/1.1 request. HTTP/1.1 has no trailers the protocols use:
 * gRPC-Web and Connect carry theirs in the body, and `end`'s trailers are merged into the headers
 * of a response without a body, dropped otherwise.
 */
export class Http1Exchange implements HttpExchange {
  readonly httpVersion = '1.1' as const;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly peer: string;
  readonly #request: IncomingMessage;
  readonly #response: ServerResponse;
  #status = 0;
  #responseHeaders: OutgoingHttpHeaders | undefined;
  #headersSent = false;
  #ended = false;

  constructor(request: IncomingMessage, response: ServerResponse, peer: string) {
    this.#request = request;
    this.#response = response;
    this.headers = request.headers;
    this.peer = peer;
    this.method = (request.method ?? 'GET').toUpperCase();
    const target = request.url ?? '/';
    const question = target.indexOf('?');
    this.path = question < 0 ? target : target.slice(0, question);
    this.query = question < 0 ? '' : target.slice(question + 1);
    request.on('error', noop);
    response.on('error', noop);
  }

  readBody(onData: (chunk: Buffer) => void, onEnd: () => void): void {
    this.#request.on('data', onData);
    this.#request.once('end', onEnd);
  }

  pauseBody(): void {
    this.#request.pause();
  }

  resumeBody(): void {
    this.#request.resume();
  }

  respond(status: number, headers: OutgoingHttpHeaders): void {
    if (this.#responseHeaders !== undefined) return;
    this.#status = status;
    this.#responseHeaders = headers;
  }

  get responded(): boolean {
    return this.#responseHeaders !== undefined;
  }

  #sendHeaders(extra: OutgoingHttpHeaders | undefined): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    this.#response.writeHead(this.#status || 200, { ...this.#responseHeaders, ...extra });
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
