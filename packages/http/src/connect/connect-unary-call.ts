import type { OutgoingHttpHeaders } from 'node:http';
import {
  type CompressionEncoding,
  compressMessage,
  decompressMessage,
  type GatewayCallInit,
  type GatewayCallSink,
  type GatewayConnection,
  type MetadataEntry,
  RpcError,
  Status,
} from '@yrpc/rpc';
import { ExchangeCallState } from '../exchange/exchange-call-state.js';
import { type HttpExchange, requestHeader } from '../exchange/http-exchange.js';
import { asRpcError } from '../exchange/request-error.js';
import { metadataFromHeaders } from '../grpc/grpc-metadata.js';
import type { ConnectCallSetup } from './connect-call-setup.js';
import { connectErrorJson, httpStatusOfCode } from './connect-error.js';
import type { ConnectGetRequest } from './connect-get.js';
import { unaryResponseHeaders } from './connect-metadata.js';
import {
  CONNECT_ACCEPT_ENCODING,
  type ConnectEncodingSource,
  readConnectCallHeaders,
} from './connect-request-headers.js';

/**
 * The most bytes a gzip body of a message at the size limit can take: deflate's stored blocks
 * add 5 bytes per 64 KiB of incompressible data, gzip 18 bytes of header and trailer. A body
 * past this cannot inflate to an acceptable message, so it is refused before it is all read.
 */
function compressedLimit(maxMessageBytes: number): number {
  return maxMessageBytes + Math.ceil(maxMessageBytes / 8192) + 64;
}

/**
 * One unary Connect call over one {@link HttpExchange}: a POST with one bare message (JSON or
 * binary, maybe compressed) or a GET with the message in its query. The answer is one HTTP
 * response: 200 with the message, or the error's HTTP status with Connect's error JSON; the
 * handler's trailers go as `trailer-` headers.
 */
export class ConnectUnaryCall implements GatewayCallSink {
  readonly #exchange: HttpExchange;
  readonly #setup: ConnectCallSetup;
  readonly #state: ExchangeCallState;
  #headers: readonly MetadataEntry[] = [];
  #response: Uint8Array | undefined;
  #requestEncoding = 'identity';
  #responseEncoding: CompressionEncoding = 'identity';

  constructor(exchange: HttpExchange, setup: ConnectCallSetup) {
    this.#exchange = exchange;
    this.#setup = setup;
    this.#state = new ExchangeCallState(exchange, this, (error, trailers) =>
      this.#answerEnd(error, trailers),
    );
  }

  /** A POST: reads the body (bounded by the message size limit), then runs the call. */
  runPost(connection: GatewayConnection): void {
    const exchange = this.#exchange;
    const timeoutMs = this.#readCallHeaders({
      name: 'content-encoding',
      value: requestHeader(exchange.headers, 'content-encoding'),
      accept: 'accept-encoding',
    });
    if (timeoutMs === undefined) return;
    const state = this.#state;
    state.begin(timeoutMs);
    state.timeRequestArrival();
    const max = this.#setup.gateway.maxMessageBytes;
    const limit = this.#requestEncoding === 'identity' ? max : compressedLimit(max);
    const chunks: Buffer[] = [];
    let size = 0;
    exchange.readBody(
      (chunk) => {
        if (state.done) return;
        size += chunk.length;
        if (size > limit) {
          state.fail(
            new RpcError(
              Status.RESOURCE_EXHAUSTED,
              `the request body is larger than the limit of ${limit} bytes`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      },
      () => {
        if (state.done) return;
        this.#start(connection, Buffer.concat(chunks, size), state.remainingTimeoutMs());
      },
    );
  }

  /** A GET: the message came in the query; runs the call at once. */
  runGet(connection: GatewayConnection, get: ConnectGetRequest): void {
    const timeoutMs = this.#readCallHeaders({
      name: 'compression',
      value: get.compression,
      accept: 'accept-encoding',
    });
    if (timeoutMs === undefined) return;
    this.#state.begin(timeoutMs);
    this.#start(connection, get.message, timeoutMs);
  }

  /** The call's timeout, its encodings kept; undefined once the call failed on them. */
  #readCallHeaders(encoding: ConnectEncodingSource): number | undefined {
    const callHeaders = this.#state.readOrFail(() =>
      readConnectCallHeaders(this.#exchange.headers, this.#setup.options.sendCompression, encoding),
    );
    if (callHeaders === undefined) return undefined;
    this.#requestEncoding = callHeaders.requestEncoding;
    this.#responseEncoding = callHeaders.responseEncoding;
    return callHeaders.timeoutMs;
  }

  #start(connection: GatewayConnection, body: Uint8Array, timeoutMs: number): void {
    let request: Uint8Array;
    try {
      // "Servers must not attempt to decompress zero-length HTTP request content."
      const bytes =
        body.length === 0
          ? body
          : decompressMessage(this.#requestEncoding, body, this.#setup.gateway.maxMessageBytes);
      request = this.#setup.codec.request(bytes);
    } catch (error) {
      this.#state.fail(error);
      return;
    }
    const init: GatewayCallInit = {
      path: this.#setup.method.path,
      metadata: metadataFromHeaders(this.#exchange.headers),
      timeoutMs,
      request,
    };
    this.#state.start(connection, init);
  }

  headers(entries: readonly MetadataEntry[]): void {
    this.#headers = entries;
  }

  message(payload: Uint8Array): boolean {
    // The answer goes whole at the end, with the trailers as headers: keep a copy until then.
    if (!this.#state.done) this.#response = payload.slice();
    return true;
  }

  end(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    this.#state.end(error, trailers);
  }

  consumed(): void {
    // A unary request came whole: there is no request flow to resume.
  }

  /** Sends the answer whole: the message, or the error as Connect's error JSON. */
  #answerEnd(failure: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    let error = failure;
    let body: Uint8Array | undefined;
    if (error === undefined) {
      try {
        if (this.#response === undefined) {
          throw new RpcError(
            Status.INTERNAL,
            `${this.#setup.method.path} sent no response message`,
          );
        }
        body = this.#setup.codec.response(this.#response);
      } catch (conversion) {
        error = asRpcError(conversion);
      }
    }
    const base: OutgoingHttpHeaders = { 'accept-encoding': CONNECT_ACCEPT_ENCODING };
    let status = 200;
    if (body === undefined) {
      const failed = error ?? new RpcError(Status.INTERNAL, 'no response');
      status = httpStatusOfCode(failed.code);
      base['content-type'] = 'application/json';
      body = Buffer.from(
        JSON.stringify(connectErrorJson(failed, this.#setup.method.responseSchema?.root)),
      );
      trailers = [...trailers, ...failed.metadata];
    } else {
      base['content-type'] = this.#setup.contentType;
    }
    let out: Uint8Array = body;
    if (
      this.#responseEncoding !== 'identity' &&
      out.length >= this.#setup.options.compressMinBytes
    ) {
      out = compressMessage(this.#responseEncoding, out);
      base['content-encoding'] = this.#responseEncoding;
    }
    base['content-length'] = out.length;
    const exchange = this.#exchange;
    if (exchange.responded) {
      exchange.end();
      return;
    }
    exchange.respond(status, unaryResponseHeaders(base, this.#headers, trailers));
    if (out.length > 0) exchange.write(out);
    exchange.end();
  }
}
