import type { OutgoingHttpHeaders } from 'node:http';
import {
  type CallGateway,
  type CompressionEncoding,
  chooseEncoding,
  compressMessage,
  decompressMessage,
  type GatewayCall,
  type GatewayCallInit,
  type GatewayCallSink,
  type GatewayConnection,
  isRpcError,
  type MetadataEntry,
  parseAcceptEncoding,
  RpcError,
  Status,
} from '@yrpc/rpc';
import { DEADLINE_SKEW_MS, MAX_TIMER_MS } from '../exchange/deadline-limits.js';
import type { HttpExchange } from '../exchange/http-exchange.js';
import type { BodyDecoder } from './body-decoder.js';
import { addMetadataHeaders, metadataFromHeaders } from './grpc-metadata.js';
import type { ResolvedGrpcOptions } from './grpc-options.js';
import { statusHeaders } from './grpc-status-headers.js';
import { parseGrpcTimeout } from './grpc-timeout.js';
import { type LengthPrefixedMessage, MessageDeframer } from './message-deframer.js';
import { FLAG_COMPRESSED, frameMessage } from './message-framer.js';

/**
 * Request bytes a request stream may have received and its handler not yet taken before the
 * body is paused (HTTP/2 flow control then holds the client back). 1 MiB: a few messages'
 * worth keeps a streaming handler busy without a round trip, and a handler that stops reading
 * costs the server no more than this per call.
 */
export const REQUEST_WINDOW_BYTES = 1024 * 1024;

/** What the server reads and advertises in `grpc-accept-encoding`. */
export const GRPC_ACCEPT_ENCODING = 'gzip,identity';

/** How one protocol of the gRPC family puts a call's answer on the wire. */
export interface GrpcWire {
  /** The response's `content-type`. */
  readonly contentType: string;
  /** A decoder of this request's body. */
  bodyDecoder(): BodyDecoder;
  /** Frame bytes as they go in the response body (gRPC-Web text: base64). */
  encodeBody(bytes: Uint8Array): Uint8Array;
  /**
   * Sends `status` (gRPC's Trailers) and ends the response; `headers` are the response headers
   * when none were sent yet (a Trailers-Only response), undefined otherwise.
   */
  finish(
    exchange: HttpExchange,
    headers: OutgoingHttpHeaders | undefined,
    status: OutgoingHttpHeaders,
  ): void;
}

/**
 * One gRPC or gRPC-Web call over one {@link HttpExchange}: reads the call's headers and
 * Length-Prefixed-Messages, runs it through the server's {@link GatewayConnection} and writes its
 * answer (headers, messages, trailers, or Trailers-Only when it fails before any message).
 */
export class GrpcExchangeCall implements GatewayCallSink {
  readonly #exchange: HttpExchange;
  readonly #gateway: CallGateway;
  readonly #wire: GrpcWire;
  readonly #options: ResolvedGrpcOptions;
  readonly #deframer: MessageDeframer;
  readonly #body: BodyDecoder;
  #call: GatewayCall | undefined;
  /** The answer went (or the exchange was given up): nothing more is read or sent. */
  #done = false;
  #paused = false;
  /** Response headers wait for the first message (so that an early error is Trailers-Only)… */
  #headers: readonly MetadataEntry[] = [];
  /** …except for a response stream, whose headers go as soon as the handler gives them. */
  #eagerHeaders = false;
  #requestEncoding: CompressionEncoding = 'identity';
  #responseEncoding: CompressionEncoding = 'identity';
  /** The single request of a method without a request stream, while the body comes in. */
  #request: Uint8Array | undefined;
  #deadline: NodeJS.Timeout | undefined;
  /** When the call's deadline passes (`performance.now()`), Infinity for none. */
  #deadlineAt = Number.POSITIVE_INFINITY;

  constructor(
    exchange: HttpExchange,
    gateway: CallGateway,
    wire: GrpcWire,
    options: ResolvedGrpcOptions,
  ) {
    this.#exchange = exchange;
    this.#gateway = gateway;
    this.#wire = wire;
    this.#options = options;
    this.#deframer = new MessageDeframer(gateway.maxMessageBytes);
    this.#body = wire.bodyDecoder();
  }

  /** Runs the call among the calls of `connection`, to its end. */
  run(connection: GatewayConnection): void {
    const exchange = this.#exchange;
    let timeoutMs = 0;
    try {
      timeoutMs = readTimeout(headerValue(exchange.headers['grpc-timeout']));
      this.#requestEncoding = readEncoding(headerValue(exchange.headers['grpc-encoding']));
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#responseEncoding = chooseEncoding(
      this.#options.sendCompression,
      parseAcceptEncoding(headerValue(exchange.headers['grpc-accept-encoding'])),
    );
    if (timeoutMs > 0) this.#deadlineAt = performance.now() + timeoutMs;
    exchange.onAbort(() => this.#abort());
    const method = this.#gateway.method(exchange.path);
    this.#eagerHeaders = method?.responseStream === true;
    const init: GatewayCallInit = {
      path: exchange.path,
      metadata: metadataFromHeaders(exchange.headers),
      timeoutMs,
    };
    if (method !== undefined && !method.requestStream) {
      this.#readRequest(connection, init);
      return;
    }
    // A request stream starts at once; so does an unknown method, which the gateway refuses
    // (UNIMPLEMENTED) with its own words. Its body is then read and dropped.
    this.#call = connection.start(init, this);
    exchange.readBody(
      (chunk) => this.#onStreamData(chunk),
      () => this.#onStreamEnd(),
    );
  }

  /** Reads the one request of a method without a request stream, then starts the call. */
  #readRequest(connection: GatewayConnection, init: GatewayCallInit): void {
    const startedAt = performance.now();
    // setTimeout fires at once past 2^31-1 ms: a deadline that far (24 days) is left to the
    // gateway's own timer, which starts with the call.
    if (init.timeoutMs > 0 && init.timeoutMs <= MAX_TIMER_MS) {
      // The deadline runs while the request comes in, too: a client that never ends its
      // request must not hold the call past it.
      this.#deadline = setTimeout(
        () =>
          this.#fail(
            new RpcError(
              Status.DEADLINE_EXCEEDED,
              'the deadline passed before the request arrived',
            ),
          ),
        init.timeoutMs,
      );
    }
    const take = (messages: LengthPrefixedMessage[]): void => {
      for (const message of messages) {
        if (this.#request !== undefined) {
          throw new RpcError(Status.INTERNAL, `${init.path} takes one request message, got more`);
        }
        this.#request = this.#decode(message);
      }
    };
    this.#exchange.readBody(
      (chunk) => {
        if (this.#done) return;
        try {
          take(this.#deframe(chunk));
        } catch (error) {
          this.#fail(error);
        }
      },
      () => {
        if (this.#done) return;
        try {
          take(this.#endBody());
          if (this.#request === undefined) {
            throw new RpcError(Status.INTERNAL, `${init.path} takes one request message, got none`);
          }
        } catch (error) {
          this.#fail(error);
          return;
        }
        clearTimeout(this.#deadline);
        const request = this.#request;
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
      this.#receive(this.#deframe(chunk));
    } catch (error) {
      this.#fail(error);
      return;
    }
    const call = this.#call;
    if (
      !this.#done &&
      !this.#paused &&
      call !== undefined &&
      call.unconsumedBytes > REQUEST_WINDOW_BYTES
    ) {
      this.#paused = true;
      this.#exchange.pauseBody();
    }
  }

  #onStreamEnd(): void {
    if (this.#done) return;
    try {
      this.#receive(this.#endBody());
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (!this.#done) this.#call?.endRequests();
  }

  /** Hands request messages of a request stream to the call. */
  #receive(messages: LengthPrefixedMessage[]): void {
    for (const message of messages) {
      // The gateway may have ended the call in an earlier receive (a handler that failed).
      if (this.#done) return;
      this.#call?.receive(this.#decode(message));
    }
  }

  #deframe(chunk: Uint8Array): LengthPrefixedMessage[] {
    return this.#deframer.push(this.#body.push(chunk));
  }

  /** The body ended: its last messages. @throws RpcError when it ended inside one. */
  #endBody(): LengthPrefixedMessage[] {
    const messages = this.#deframer.push(this.#body.end());
    if (this.#deframer.partial) {
      throw new RpcError(Status.INTERNAL, 'the request ended inside a message');
    }
    return messages;
  }

  /** A request message's bytes, decompressed (bounded by the message size limit). */
  #decode({ flags, payload }: LengthPrefixedMessage): Uint8Array {
    if (flags === 0) return payload;
    if (flags !== FLAG_COMPRESSED) {
      throw new RpcError(
        Status.INTERNAL,
        `a request message has invalid flags 0x${flags.toString(16)}`,
      );
    }
    if (this.#requestEncoding === 'identity') {
      throw new RpcError(
        Status.INTERNAL,
        'a request message is marked compressed but the request has no grpc-encoding',
      );
    }
    return decompressMessage(this.#requestEncoding, payload, this.#gateway.maxMessageBytes);
  }

  headers(entries: readonly MetadataEntry[]): void {
    if (this.#done) return;
    this.#headers = entries;
    if (this.#eagerHeaders) this.#sendHeaders();
  }

  message(payload: Uint8Array, written: () => void): boolean {
    if (this.#done) return true;
    const compress =
      this.#responseEncoding !== 'identity' && payload.length >= this.#options.compressMinBytes;
    const frame = compress
      ? frameMessage(FLAG_COMPRESSED, compressMessage(this.#responseEncoding, payload))
      : frameMessage(0, payload);
    this.#sendHeaders();
    const exchange = this.#exchange;
    const sent = exchange.write(this.#wire.encodeBody(frame));
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
      call.unconsumedBytes <= REQUEST_WINDOW_BYTES
    ) {
      this.#paused = false;
      this.#exchange.resumeBody();
    }
  }

  #sendHeaders(): void {
    if (!this.#exchange.responded) this.#exchange.respond(200, this.#responseHeaders());
  }

  #responseHeaders(): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {
      'content-type': this.#wire.contentType,
      'grpc-accept-encoding': GRPC_ACCEPT_ENCODING,
    };
    if (this.#responseEncoding !== 'identity') headers['grpc-encoding'] = this.#responseEncoding;
    return addMetadataHeaders(headers, this.#headers);
  }

  /** The call fails on this side (bad input): the handler is stopped, the client told why. */
  #fail(error: unknown): void {
    if (this.#done) return;
    this.#call?.cancel();
    this.#finish(asRpcError(error), []);
  }

  /** The exchange is gone (RST_STREAM, a closed connection): stop the handler, send nothing. */
  #abort(): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#deadline);
    this.#call?.cancel(performance.now() >= this.#deadlineAt - DEADLINE_SKEW_MS);
  }

  #finish(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    this.#done = true;
    clearTimeout(this.#deadline);
    const exchange = this.#exchange;
    const headers = exchange.responded ? undefined : this.#responseHeaders();
    this.#wire.finish(exchange, headers, statusHeaders(error, trailers));
    if (this.#paused) {
      // The rest of the body is read and dropped: a client still sending must not stay blocked
      // on a window nobody will open.
      this.#paused = false;
      exchange.resumeBody();
    }
  }
}

/** The first value of a request header. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The milliseconds of a `grpc-timeout` (0: none). @throws RpcError for a bad or passed one. */
function readTimeout(value: string | undefined): number {
  if (value === undefined) return 0;
  const ms = parseGrpcTimeout(value);
  if (ms === 0)
    throw new RpcError(Status.DEADLINE_EXCEEDED, 'the deadline passed before the call started');
  // The gateway counts whole milliseconds; rounding up never cuts a deadline short.
  return Math.ceil(ms);
}

/** The request's `grpc-encoding`. @throws RpcError `UNIMPLEMENTED` for one not supported. */
function readEncoding(value: string | undefined): CompressionEncoding {
  const name = value?.trim().toLowerCase() ?? 'identity';
  if (name === 'identity' || name === 'gzip') return name;
  throw new RpcError(
    Status.UNIMPLEMENTED,
    `grpc-encoding ${JSON.stringify(value)} is not supported (supported: ${GRPC_ACCEPT_ENCODING})`,
  );
}

/** Anything thrown on the request path, as the status the client gets. */
function asRpcError(error: unknown): RpcError {
  if (isRpcError(error)) return error;
  return new RpcError(Status.INTERNAL, `the request could not be read: ${String(error)}`, {
    cause: error,
  });
}
