import type { OutgoingHttpHeaders } from 'node:http';
import {
  type CallGateway,
  type CompressionEncoding,
  compressMessage,
  decompressMessage,
  type GatewayCall,
  type GatewayCallInit,
  type GatewayCallSink,
  type GatewayConnection,
  type GatewayMethod,
  type MetadataEntry,
  RpcError,
  Status,
} from '@yrpc/rpc';
import { DEADLINE_SKEW_MS, MAX_TIMER_MS } from '../exchange/deadline-limits.js';
import type { HttpExchange } from '../exchange/http-exchange.js';
import { addMetadataHeaders, metadataFromHeaders } from '../grpc/grpc-metadata.js';
import { type LengthPrefixedMessage, MessageDeframer } from '../grpc/message-deframer.js';
import type { ConnectCodec } from './connect-codec.js';
import { ENVELOPE_COMPRESSED, encodeEnvelope, endStreamEnvelope } from './connect-envelope.js';
import { asRpcError } from './connect-error.js';
import { isMetadataKey } from './connect-metadata.js';
import type { ResolvedConnectOptions } from './connect-options.js';
import {
  CONNECT_ACCEPT_ENCODING,
  header,
  parseConnectTimeout,
  readContentEncoding,
  responseEncoding,
} from './connect-request-headers.js';

/**
 * Request bytes a request stream may have received and its handler not yet taken before the
 * body is paused (the peer's flow control then holds the client back). 1 MiB, as for gRPC: a
 * few messages' worth keeps a streaming handler busy without a round trip, and a handler that
 * stops reading costs the server no more than this per call.
 */
export const CONNECT_REQUEST_WINDOW_BYTES = 1024 * 1024;

/**
 * One streaming Connect call (`application/connect+json|proto`) over one {@link HttpExchange}:
 * enveloped messages both ways, always HTTP 200, the status and trailers in the final
 * EndStreamResponse envelope. Client and bidi streams over HTTP/1.1 work half-duplex or full,
 * as the client and the HTTP/1.1 connection allow (the specification requires HTTP/2 only for
 * full-duplex bidi streams).
 */
export class ConnectStreamCall implements GatewayCallSink {
  readonly #exchange: HttpExchange;
  readonly #gateway: CallGateway;
  readonly #method: GatewayMethod;
  readonly #codec: ConnectCodec;
  readonly #contentType: string;
  readonly #options: ResolvedConnectOptions;
  readonly #deframer: MessageDeframer;
  #call: GatewayCall | undefined;
  /** The answer ended (or the exchange was given up): nothing more is read or sent. */
  #done = false;
  #paused = false;
  #headers: readonly MetadataEntry[] = [];
  #requestEncoding: CompressionEncoding = 'identity';
  #responseEncoding: CompressionEncoding = 'identity';
  /** The single request of a server stream, while the body comes in. */
  #request: Uint8Array | undefined;
  #deadline: NodeJS.Timeout | undefined;
  /** When the call's deadline passes (`performance.now()`), Infinity for none. */
  #deadlineAt = Number.POSITIVE_INFINITY;

  constructor(
    exchange: HttpExchange,
    gateway: CallGateway,
    method: GatewayMethod,
    codec: ConnectCodec,
    contentType: string,
    options: ResolvedConnectOptions,
  ) {
    this.#exchange = exchange;
    this.#gateway = gateway;
    this.#method = method;
    this.#codec = codec;
    this.#contentType = contentType;
    this.#options = options;
    this.#deframer = new MessageDeframer(gateway.maxMessageBytes);
  }

  /** Runs the call among the calls of `connection`, to its end. */
  run(connection: GatewayConnection): void {
    const exchange = this.#exchange;
    const headers = exchange.headers;
    let timeoutMs: number;
    try {
      timeoutMs = parseConnectTimeout(header(headers, 'connect-timeout-ms'));
      this.#requestEncoding = readContentEncoding(
        header(headers, 'connect-content-encoding'),
        'connect-content-encoding',
      );
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#responseEncoding = responseEncoding(
      this.#options.sendCompression,
      header(headers, 'connect-accept-encoding'),
      this.#requestEncoding,
    );
    if (timeoutMs > 0) this.#deadlineAt = performance.now() + timeoutMs;
    exchange.onAbort(() => this.#abort());
    const init: GatewayCallInit = {
      path: this.#method.path,
      metadata: metadataFromHeaders(headers),
      timeoutMs,
    };
    if (!this.#method.requestStream) {
      this.#readRequest(connection, init);
      return;
    }
    this.#call = connection.start(init, this);
    exchange.readBody(
      (chunk) => this.#onStreamData(chunk),
      () => this.#onStreamEnd(),
    );
  }

  /** A server stream: reads its one request message, then starts the call. */
  #readRequest(connection: GatewayConnection, init: GatewayCallInit): void {
    const startedAt = performance.now();
    if (init.timeoutMs > 0) {
      // The deadline runs while the request comes in, too.
      this.#deadline = setTimeout(
        () =>
          this.#fail(
            new RpcError(
              Status.DEADLINE_EXCEEDED,
              'the deadline passed before the request arrived',
            ),
          ),
        Math.min(init.timeoutMs, MAX_TIMER_MS),
      );
    }
    const take = (messages: LengthPrefixedMessage[]): void => {
      for (const message of messages) {
        if (this.#request !== undefined) {
          throw new RpcError(
            Status.INVALID_ARGUMENT,
            `${this.#method.path} takes one request message, got more`,
          );
        }
        this.#request = this.#decode(message);
      }
    };
    this.#exchange.readBody(
      (chunk) => {
        if (this.#done) return;
        try {
          take(this.#deframer.push(chunk));
        } catch (error) {
          this.#fail(error);
        }
      },
      () => {
        if (this.#done) return;
        const request = this.#request;
        try {
          this.#checkEnd();
          if (request === undefined) {
            throw new RpcError(
              Status.INVALID_ARGUMENT,
              `${this.#method.path} takes one request message, got none`,
            );
          }
        } catch (error) {
          this.#fail(error);
          return;
        }
        clearTimeout(this.#deadline);
        this.#request = undefined;
        const timeoutMs =
          init.timeoutMs === 0
            ? 0
            : Math.max(1, Math.ceil(init.timeoutMs - (performance.now() - startedAt)));
        this.#call = connection.start({ ...init, timeoutMs, request }, this);
      },
    );
  }

  #onStreamData(chunk: Uint8Array): void {
    if (this.#done) return;
    try {
      for (const message of this.#deframer.push(chunk)) {
        // The gateway may have ended the call in an earlier receive (a handler that failed).
        if (this.#done) return;
        this.#call?.receive(this.#decode(message));
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    const call = this.#call;
    if (
      !this.#done &&
      !this.#paused &&
      call !== undefined &&
      call.unconsumedBytes > CONNECT_REQUEST_WINDOW_BYTES
    ) {
      this.#paused = true;
      this.#exchange.pauseBody();
    }
  }

  #onStreamEnd(): void {
    if (this.#done) return;
    try {
      this.#checkEnd();
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#call?.endRequests();
  }

  /** @throws RpcError when the body ended inside an envelope. */
  #checkEnd(): void {
    if (this.#deframer.partial) {
      throw new RpcError(Status.INVALID_ARGUMENT, 'the request ended inside an enveloped message');
    }
  }

  /** A request envelope's message as protobuf binary (decompressed within the size limit). */
  #decode({ flags, payload }: LengthPrefixedMessage): Uint8Array {
    if ((flags & ~ENVELOPE_COMPRESSED) !== 0) {
      throw new RpcError(
        Status.INVALID_ARGUMENT,
        `a request envelope has invalid flags 0x${flags.toString(16).padStart(2, '0')}`,
      );
    }
    let bytes = payload;
    if (flags === ENVELOPE_COMPRESSED) {
      if (this.#requestEncoding === 'identity') {
        throw new RpcError(
          Status.INVALID_ARGUMENT,
          'a request message is marked compressed but the request has no connect-content-encoding',
        );
      }
      bytes = decompressMessage(this.#requestEncoding, payload, this.#gateway.maxMessageBytes);
    }
    return this.#codec.request(bytes);
  }

  headers(entries: readonly MetadataEntry[]): void {
    if (this.#done) return;
    this.#headers = entries;
    this.#sendHeaders();
  }

  message(payload: Uint8Array, written: () => void): boolean {
    if (this.#done) return true;
    let bytes: Uint8Array;
    try {
      bytes = this.#codec.response(payload);
    } catch (error) {
      this.#call?.cancel();
      this.#finish(asRpcError(error), []);
      return true;
    }
    const compress =
      this.#responseEncoding !== 'identity' && bytes.length >= this.#options.compressMinBytes;
    const envelope = compress
      ? encodeEnvelope(ENVELOPE_COMPRESSED, compressMessage(this.#responseEncoding, bytes))
      : encodeEnvelope(0, bytes);
    this.#sendHeaders();
    const exchange = this.#exchange;
    const sent = exchange.write(envelope);
    if (!sent) exchange.onDrain(written);
    return sent;
  }

  end(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    if (this.#done) return;
    this.#finish(error, trailers);
  }

  consumed(): void {
    const call = this.#call;
    if (
      this.#paused &&
      !this.#done &&
      call !== undefined &&
      call.unconsumedBytes <= CONNECT_REQUEST_WINDOW_BYTES
    ) {
      this.#paused = false;
      this.#exchange.resumeBody();
    }
  }

  #sendHeaders(): void {
    const exchange = this.#exchange;
    if (exchange.responded) return;
    const headers: OutgoingHttpHeaders = {
      'content-type': this.#contentType,
      'connect-accept-encoding': CONNECT_ACCEPT_ENCODING,
    };
    if (this.#responseEncoding !== 'identity') {
      headers['connect-content-encoding'] = this.#responseEncoding;
    }
    const valid = this.#headers.filter(({ key }) => isMetadataKey(key.toLowerCase()));
    exchange.respond(200, addMetadataHeaders(headers, valid));
  }

  /** The call fails on this side (bad input): the handler is stopped, the client told why. */
  #fail(error: unknown): void {
    if (this.#done) return;
    this.#call?.cancel();
    this.#finish(asRpcError(error), []);
  }

  /** The exchange is gone: stop the handler, send nothing. */
  #abort(): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#deadline);
    this.#call?.cancel(performance.now() >= this.#deadlineAt - DEADLINE_SKEW_MS);
  }

  #finish(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    this.#done = true;
    clearTimeout(this.#deadline);
    if (this.#paused) {
      // Let the rest of the body drain (and be dropped) rather than hold the connection.
      this.#paused = false;
      this.#exchange.resumeBody();
    }
    this.#sendHeaders();
    const all = error === undefined ? trailers : [...trailers, ...error.metadata];
    this.#exchange.write(endStreamEnvelope(error, all, this.#method.responseSchema?.root));
    this.#exchange.end();
  }
}
