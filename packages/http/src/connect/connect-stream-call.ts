import type { OutgoingHttpHeaders } from 'node:http';
import {
  type CompressionEncoding,
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
import { addMetadataHeaders, metadataFromHeaders } from '../grpc/grpc-metadata.js';
import { type LengthPrefixedMessage, MessageDeframer } from '../grpc/message-deframer.js';
import { frameResponseMessage } from '../grpc/message-framer.js';
import { RequestMessageReader } from '../grpc/request-message-reader.js';
import type { ConnectCallSetup } from './connect-call-setup.js';
import { ENVELOPE_COMPRESSED, endStreamEnvelope } from './connect-envelope.js';
import { isMetadataKey } from './connect-metadata.js';
import { CONNECT_ACCEPT_ENCODING, readConnectCallHeaders } from './connect-request-headers.js';

/**
 * One streaming Connect call (`application/connect+json|proto`) over one {@link HttpExchange}:
 * enveloped messages both ways, always HTTP 200, the status and trailers in the final
 * EndStreamResponse envelope. Client and bidi streams over HTTP/1.1 work half-duplex or full,
 * as the client and the HTTP/1.1 connection allow (the specification requires HTTP/2 only for
 * full-duplex bidi streams).
 */
export class ConnectStreamCall implements GatewayCallSink {
  readonly #exchange: HttpExchange;
  readonly #setup: ConnectCallSetup;
  readonly #deframer: MessageDeframer;
  readonly #state: ExchangeCallState;
  /** Connect's request envelopes: no body decoding; INVALID_ARGUMENT for a bad count. */
  readonly #requests: RequestMessageReader;
  #headers: readonly MetadataEntry[] = [];
  #requestEncoding = 'identity';
  #responseEncoding: CompressionEncoding = 'identity';

  constructor(exchange: HttpExchange, setup: ConnectCallSetup) {
    this.#exchange = exchange;
    this.#setup = setup;
    this.#deframer = new MessageDeframer(setup.gateway.maxMessageBytes);
    this.#state = new ExchangeCallState(exchange, this, (error, trailers) =>
      this.#answerEnd(error, trailers),
    );
    this.#requests = new RequestMessageReader(exchange, this.#state, {
      push: (chunk) => this.#deframer.push(chunk),
      end: () => {
        this.#checkEnd();
        return [];
      },
      decode: (message) => this.#decode(message),
      wrongCountCode: Status.INVALID_ARGUMENT,
    });
  }

  /** Runs the call among the calls of `connection`, to its end. */
  run(connection: GatewayConnection): void {
    const exchange = this.#exchange;
    const headers = exchange.headers;
    const callHeaders = this.#state.readOrFail(() =>
      readConnectCallHeaders(headers, this.#setup.options.sendCompression, {
        name: 'connect-content-encoding',
        value: requestHeader(headers, 'connect-content-encoding'),
        accept: 'connect-accept-encoding',
      }),
    );
    if (callHeaders === undefined) return;
    this.#requestEncoding = callHeaders.requestEncoding;
    this.#responseEncoding = callHeaders.responseEncoding;
    const timeoutMs = callHeaders.timeoutMs;
    this.#state.begin(timeoutMs);
    const init: GatewayCallInit = {
      path: this.#setup.method.path,
      metadata: metadataFromHeaders(headers),
      timeoutMs,
    };
    if (!this.#setup.method.requestStream) {
      this.#state.timeRequestArrival();
      this.#requests.readSingle(connection, init);
      return;
    }
    this.#requests.stream(connection, init);
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
      bytes = decompressMessage(
        this.#requestEncoding,
        payload,
        this.#setup.gateway.maxMessageBytes,
      );
    }
    return this.#setup.codec.request(bytes);
  }

  headers(entries: readonly MetadataEntry[]): void {
    if (this.#state.done) return;
    this.#headers = entries;
    this.#sendHeaders();
  }

  message(payload: Uint8Array, written: () => void): boolean {
    const state = this.#state;
    if (state.done) return true;
    let bytes: Uint8Array;
    try {
      bytes = this.#setup.codec.response(payload);
    } catch (error) {
      state.fail(error);
      return true;
    }
    // An envelope is a Length-Prefixed-Message, ENVELOPE_COMPRESSED gRPC's Compressed-Flag.
    const envelope = frameResponseMessage(
      bytes,
      this.#responseEncoding,
      this.#setup.options.compressMinBytes,
    );
    this.#sendHeaders();
    return state.writeMessage(envelope, written);
  }

  end(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    this.#state.end(error, trailers);
  }

  consumed(): void {
    this.#state.consumed();
  }

  #sendHeaders(): void {
    const exchange = this.#exchange;
    if (exchange.responded) return;
    const headers: OutgoingHttpHeaders = {
      'content-type': this.#setup.contentType,
      'connect-accept-encoding': CONNECT_ACCEPT_ENCODING,
    };
    if (this.#responseEncoding !== 'identity') {
      headers['connect-content-encoding'] = this.#responseEncoding;
    }
    const valid = this.#headers.filter(({ key }) => isMetadataKey(key.toLowerCase()));
    exchange.respond(200, addMetadataHeaders(headers, valid));
  }

  /** Ends the stream with the EndStreamResponse envelope: the status and the trailers. */
  #answerEnd(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void {
    this.#sendHeaders();
    const all = error === undefined ? trailers : [...trailers, ...error.metadata];
    this.#exchange.write(endStreamEnvelope(error, all, this.#setup.method.responseSchema?.root));
    this.#exchange.end();
  }
}
