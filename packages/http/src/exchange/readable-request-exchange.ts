import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { HttpExchange } from './http-exchange.js';

/**
 * What {@link HttpExchange}s over Node's HTTP/1.1 and HTTP/2 servers have alike: the request
 * line and headers as the server parsed them, the body as a Node `Readable` (an
 * `IncomingMessage`, a `ServerHttp2Stream`), and the response's status and headers, kept by
 * {@link respond} until the subclass sends them with the first body bytes or at the end.
 */
export abstract class ReadableRequestExchange implements HttpExchange {
  abstract readonly httpVersion: '2' | '1.1';
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly peer: string;
  readonly #body: Readable;
  #status = 0;
  #responseHeaders: OutgoingHttpHeaders | undefined;

  /**
   * @param method the request's method as sent (`GET` when the server had none).
   * @param target the request target, the path and the query (`/package.Service/Method?…`).
   */
  constructor(
    body: Readable,
    method: string,
    target: string,
    headers: IncomingHttpHeaders,
    peer: string,
  ) {
    this.#body = body;
    this.headers = headers;
    this.peer = peer;
    this.method = method.toUpperCase();
    const question = target.indexOf('?');
    this.path = question < 0 ? target : target.slice(0, question);
    this.query = question < 0 ? '' : target.slice(question + 1);
  }

  readBody(onData: (chunk: Buffer) => void, onEnd: () => void): void {
    this.#body.on('data', onData);
    this.#body.once('end', onEnd);
  }

  pauseBody(): void {
    this.#body.pause();
  }

  resumeBody(): void {
    this.#body.resume();
  }

  respond(status: number, headers: OutgoingHttpHeaders): void {
    if (this.#responseHeaders !== undefined) return;
    this.#status = status;
    this.#responseHeaders = headers;
  }

  get responded(): boolean {
    return this.#responseHeaders !== undefined;
  }

  /** The status {@link respond} set, 200 when it was not called. */
  protected get responseStatus(): number {
    return this.#status || 200;
  }

  /** The headers {@link respond} set, undefined when it was not called. */
  protected get responseHeaders(): OutgoingHttpHeaders | undefined {
    return this.#responseHeaders;
  }

  abstract write(chunk: Uint8Array): boolean;
  abstract onDrain(listener: () => void): void;
  abstract end(trailers?: OutgoingHttpHeaders): void;
  abstract onAbort(listener: () => void): void;
  abstract reset(code?: number): void;
}
