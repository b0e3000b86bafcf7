import type { OutgoingHttpHeaders } from 'node:http';
import type { HttpExchange } from '../exchange/http-exchange.js';

/**
 * An exchange whose response carries the CORS headers of an allowed cross-origin request: the
 * protocol handlers answer as usual, and the browser lets the page read the answer.
 */
export class CorsExchange implements HttpExchange {
  readonly #inner: HttpExchange;
  readonly #headers: OutgoingHttpHeaders;

  constructor(inner: HttpExchange, corsHeaders: OutgoingHttpHeaders) {
    this.#inner = inner;
    this.#headers = corsHeaders;
  }

  get httpVersion(): '2' | '1.1' {
    return this.#inner.httpVersion;
  }
  get method(): string {
    return this.#inner.method;
  }
  get path(): string {
    return this.#inner.path;
  }
  get query(): string {
    return this.#inner.query;
  }
  get headers(): HttpExchange['headers'] {
    return this.#inner.headers;
  }
  get peer(): string {
    return this.#inner.peer;
  }
  get responded(): boolean {
    return this.#inner.responded;
  }

  readBody(onData: (chunk: Buffer) => void, onEnd: () => void): void {
    this.#inner.readBody(onData, onEnd);
  }
  pauseBody(): void {
    this.#inner.pauseBody();
  }
  resumeBody(): void {
    this.#inner.resumeBody();
  }
  respond(status: number, headers: OutgoingHttpHeaders): void {
    this.#inner.respond(status, { ...headers, ...this.#headers });
  }
  write(chunk: Uint8Array): boolean {
    return this.#inner.write(chunk);
  }
  onDrain(listener: () => void): void {
    this.#inner.onDrain(listener);
  }
  end(trailers?: OutgoingHttpHeaders): void {
    this.#inner.end(trailers);
  }
  onAbort(listener: () => void): void {
    this.#inner.onAbort(listener);
  }
  reset(code?: number): void {
    this.#inner.reset(code);
  }
}
