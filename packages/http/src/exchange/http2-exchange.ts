import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { constants, type ServerHttp2Stream } from 'node:http2';
import type { HttpExchange } from './http-exchange.js';

const NO_TRAILERS: OutgoingHttpHeaders = {};

/** An {@link HttpExchange} over one HTTP/2 stream (the core API: trailers, RST_STREAM). */
export class Http2Exchange implements HttpExchange {
  readonly httpVersion = '2' as const;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly peer: string;
  readonly #stream: ServerHttp2Stream;
  #status = 0;
  #responseHeaders: OutgoingHttpHeaders | undefined;
  #headersSent = false;
  #ended = false;
  #trailers: OutgoingHttpHeaders = NO_TRAILERS;

  constructor(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, peer: string) {
    this.#stream = stream;
    this.headers = headers;
    this.peer = peer;
    this.method = String(headers[':method'] ?? 'GET').toUpperCase();
    const target = String(headers[':path'] ?? '/');
    const question = target.indexOf('?');
    this.path = question < 0 ? target : target.slice(0, question);
    this.query = question < 0 ? '' : target.slice(question + 1);
    // Errors of a stream (a reset mid-write) are told through onAbort, never thrown.
    stream.on('error', noop);
  }

  readBody(onData: (chunk: Buffer) => void, onEnd: () => void): void {
    this.#stream.on('data', onData);
    this.#stream.once('end', onEnd);
  }

  pauseBody(): void {
    this.#stream.pause();
  }

  resumeBody(): void {
    this.#stream.resume();
  }

  respond(status: number, headers: OutgoingHttpHeaders): void {
    if (this.#responseHeaders !== undefined) return;
    this.#status = status;
    this.#responseHeaders = headers;
  }

  get responded(): boolean {
    return this.#responseHeaders !== undefined;
  }

  write(chunk: Uint8Array): boolean {
    const stream = this.#stream;
    if (this.#ended || stream.destroyed) return true;
    if (!this.#headersSent) {
      this.#headersSent = true;
      // Trailers follow the body whenever there is one: gRPC's status is in them.
      stream.respond(
        { ...this.#responseHeaders, ':status': this.#status || 200 },
        { waitForTrailers: true },
      );
      stream.once('wantTrailers', () => {
        if (stream.destroyed) return;
        stream.sendTrailers(this.#trailers);
        closeRequestSide(stream);
      });
    }
    return stream.write(chunk);
  }

  onDrain(listener: () => void): void {
    this.#stream.once('drain', listener);
  }

  end(trailers?: OutgoingHttpHeaders): void {
    if (this.#ended) return;
    this.#ended = true;
    const stream = this.#stream;
    if (stream.destroyed) return;
    if (!this.#headersSent) {
      this.#headersSent = true;
      stream.respond(
        { ...this.#responseHeaders, ...trailers, ':status': this.#status || 200 },
        { endStream: true },
      );
      closeRequestSide(stream);
      return;
    }
    if (trailers !== undefined) this.#trailers = trailers;
    stream.end();
  }

  onAbort(listener: () => void): void {
    this.#stream.once('close', () => {
      if (!this.#ended || this.#stream.rstCode !== constants.NGHTTP2_NO_ERROR) listener();
    });
  }

  reset(code: number = constants.NGHTTP2_CANCEL): void {
    this.#ended = true;
    if (!this.#stream.destroyed) this.#stream.close(code);
  }
}

/**
 * The response is complete while the client may still be sending: RST_STREAM(NO_ERROR) tells it
 * to stop (RFC 9113, 8.1; gRPC's PROTOCOL-HTTP2 asks for it), instead of the stream staying open
 * until the client ends its side.
 */
function closeRequestSide(stream: ServerHttp2Stream): void {
  if (stream.readableEnded || stream.destroyed) return;
  stream.close(constants.NGHTTP2_NO_ERROR);
}

function noop(): void {}
