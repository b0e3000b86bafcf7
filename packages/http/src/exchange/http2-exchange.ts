import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { constants, type ServerHttp2Stream } from 'node:http2';
import type { HttpExchange } from './http-exchange.js';
import { ReadableRequestExchange } from './readable-request-exchange.js';

const NO_TRAILERS: OutgoingHttpHeaders = {};

/** An {@link HttpExchange} over one HTTP/2 stream (the core API: trailers, RST_STREAM). */
export class Http2Exchange extends ReadableRequestExchange {
  readonly httpVersion = '2' as const;
  readonly #stream: ServerHttp2Stream;
  #headersSent = false;
  #ended = false;
  #trailers: OutgoingHttpHeaders = NO_TRAILERS;

  constructor(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, peer: string) {
    super(
      stream,
      String(headers[':method'] ?? 'GET'),
      String(headers[':path'] ?? '/'),
      headers,
      peer,
    );
    this.#stream = stream;
    // Errors of a stream (a reset mid-write) are told through onAbort, never thrown.
    stream.on('error', noop);
  }

  write(chunk: Uint8Array): boolean {
    const stream = this.#stream;
    if (this.#ended || stream.destroyed) return true;
    if (!this.#headersSent) {
      this.#headersSent = true;
      // Trailers follow the body whenever there is one: gRPC's status is in them.
      stream.respond(
        { ...this.responseHeaders, ':status': this.responseStatus },
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
        { ...this.responseHeaders, ...trailers, ':status': this.responseStatus },
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
