import type { OutgoingHttpHeaders } from 'node:http';
import {
  type CallGateway,
  type CompressionEncoding,
  chooseEncoding,
  DECOMPRESSION_ENCODINGS,
  decompressMessage,
  type GatewayCallInit,
  type GatewayCallSink,
  type GatewayConnection,
  type MetadataEntry,
  parseAcceptEncoding,
  RpcError,
  Status,
} from '@yrpc/rpc';
import { MAX_TIMER_MS } from '../exchange/deadline-limits.js';
import { ExchangeCallState } from '../exchange/exchange-call-state.js';
import { type HttpExchange, requestHeader } from '../exchange/http-exchange.js';
import type { BodyDecoder } from './body-decoder.js';
import { addMetadataHeaders, metadataFromHeaders } from './grpc-metadata.js';
import type { ResolvedGrpcOptions } from './grpc-options.js';
import { statusHeaders } from './grpc-status-headers.js';
import { parseGrpcTimeout } from './grpc-timeout.js';
import { GRPC_ACCEPT_ENCODING, type GrpcWire } from './grpc-wire.js';
import { type LengthPrefixedMessage, MessageDeframer } from './message-deframer.js';
import { FLAG_COMPRESSED, frameResponseMessage } from './message-framer.js';
import { RequestMessageReader } from './request-message-reader.js';

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
  readonly #state: ExchangeCallState;
  /** gRPC's request messages: the body decoded (gRPC-Web text), deframed; INTERNAL for a bad count. */
  readonly #requests: RequestMessageReader;
  /** Response headers wait for the first message (so that an early error is Trailers-Only)… */
  #headers: readonly MetadataEntry[] = [];
  /** …except for a response stream, whose headers go as soon as the handler gives them. */
  #eagerHeaders = false;
  #requestEncoding = 'identity';
  #responseEncoding: CompressionEncoding = 'identity';

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
    this.#state = new ExchangeCallState(exchange, this, (error, trailers) =>
      this.#answerEnd(error, trailers),
    );
    this.#requests = new RequestMessageReader(exchange, this.#state, {
      push: (chunk) => this.#deframer.push(this.#body.push(chunk)),
      end: () => this.#endBody(),
      decode: (message) => this.#decode(message),
      wrongCountCode: Status.INTERNAL,
    });
  }

  /** Runs the call among the calls of `connection`, to its end. */
  run(connection: GatewayConnection): void {
    const exchange = this.#exchange;
    const callHeaders = this.#state.readOrFail(() => ({
      timeoutMs: readTimeout(requestHeader(exchange.headers, 'grpc-timeout')),
      requestEncoding: readEncoding(requestHeader(exchange.headers, 'grpc-encoding')),
    }));
    if (callHeaders === undefined) return;
    const timeoutMs = callHeaders.timeoutMs;
    this.#requestEncoding = callHeaders.requestEncoding;
    this.#responseEncoding = chooseEncoding(
      this.#options.sendCompression,
      parseAcceptEncoding(requestHeader(exchange.headers, 'grpc-accept-encoding')),
    );
    this.#state.begin(timeoutMs);
    const method = this.#gateway.method(exchange.path);
    this.#eagerHeaders = method?.responseStream === true;
    const init: GatewayCallInit = {
      path: exchange.path,
      metadata: metadataFromHeaders(exchange.headers),
      timeoutMs,
    };
    if (method !== undefined && !method.requestStream) {
      // setTimeout fires at once past 2^31-1 ms: a deadline that far (24 days) is left to the
      // gateway's own timer, which starts with the call.
      if (timeoutMs <= MAX_TIMER_MS) this.#state.timeRequestArrival();
      this.#requests.readSingle(connection, init);
      return;
    }
    // A request stream starts at once; so does an unknown method, which the gateway refuses
    // (UNIMPLEMENTED) with its own words. Its body is then read and dropped.
    this.#requests.stream(connection, init);
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
    if (this.#state.done) return;
    this.#headers = entries;
    if (this.#eagerHeaders) this.#sendHeaders();
  }

  message(payload: Uint8Array, written: () => void): boolean {
    if (this.#state.done) return true;
    const frame = frameResponseMessage(
      payload,
      this.#responseEncoding,
      this.#options.compressMinBytes,
    );
    this.#sendHeaders();
    return this.#state.writeMessage(this.#wire.encodeBody(frame), written);
  }

  end(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    this.#state.end(error, trailers);
  }

  consumed(): void {
    this.#state.consumed();
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

  /** Sends the status the gRPC way: trailers, or Trailers-Only when no headers went yet. */
  #answerEnd(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    const exchange = this.#exchange;
    const headers = exchange.responded ? undefined : this.#responseHeaders();
    this.#wire.finish(exchange, headers, statusHeaders(error, trailers));
  }
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
function readEncoding(value: string | undefined): string {
  const name = value?.trim().toLowerCase() ?? 'identity';
  if (DECOMPRESSION_ENCODINGS.includes(name)) return name;
  throw new RpcError(
    Status.UNIMPLEMENTED,
    `grpc-encoding ${JSON.stringify(value)} is not supported (supported: ${GRPC_ACCEPT_ENCODING})`,
  );
}
