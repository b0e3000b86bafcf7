import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import {
  decompressMessage,
  gzipCompress,
  isRpcError,
  type MetadataEntry,
  RpcError,
  type RpcErrorOptions,
  Status,
  type StatusCode,
  type TransportCall,
  type TransportCallInit,
  type TransportCallSink,
} from '@yrpc/rpc';
import {
  ENVELOPE_COMPRESSED,
  ENVELOPE_END_STREAM,
  encodeEnvelope,
} from '../connect/connect-envelope.js';
import { codeOfHttpStatus } from '../connect/connect-error.js';
import { parseConnectContentType } from '../connect/connect-request-headers.js';
import { addMetadataHeaders, metadataFromHeaders } from '../grpc/grpc-metadata.js';
import { MessageDeframer } from '../grpc/message-deframer.js';
import type { StreamFailure } from '../http-client/stream-reset.js';
import type { ClientExchange, OpenExchange } from './client-exchange.js';
import { readConnectError, readEndStream } from './connect-error-reader.js';

/** What the calls of one Connect transport share. */
export interface ConnectCallSettings {
  /** `host:port` (or the socket path), for error messages. */
  readonly address: string;
  /** The largest response message accepted (decompressed), in bytes. */
  readonly maxMessageBytes: number;
  /** Response bytes a stream may hold untaken before reading pauses. */
  readonly streamWindowBytes: number;
  readonly userAgent: string;
}

/** The most `connect-timeout-ms` may say: 10 digits. */
const MAX_TIMEOUT_MS = 9_999_999_999;

const NO_ENTRIES: readonly MetadataEntry[] = [];

/**
 * One call over the Connect protocol on one HTTP exchange, binary protobuf only (the Client
 * hands the transport encoded messages). A unary call POSTs its message as the body and reads
 * one back (or a JSON error with an HTTP status); a streaming call sends and reads enveloped
 * messages, the response ending with the EndStreamResponse that holds its status and trailers.
 */
export class ConnectClientCall implements TransportCall {
  readonly #init: TransportCallInit;
  readonly #sink: TransportCallSink;
  readonly #settings: ConnectCallSettings;
  readonly #streaming: boolean;
  readonly #exchange: ClientExchange;
  #encoding = 'identity';
  /** The HTTP status when it is not 200: the body is an error (JSON, or anything at all). */
  #errorStatus = 0;
  #errorIsJson = false;
  #headers: readonly MetadataEntry[] = NO_ENTRIES;
  /** A unary response's trailers: its `trailer-` headers, the prefix taken off. */
  #trailers: readonly MetadataEntry[] = NO_ENTRIES;
  /** A unary body (or an error body) as it comes, within the size limit. */
  readonly #chunks: Buffer[] = [];
  #bodyBytes = 0;
  /** A stream's envelopes. */
  readonly #deframer: MessageDeframer;
  #endStream: { error: RpcError | undefined; trailers: readonly MetadataEntry[] } | undefined;
  /** Set when the response is not what the call can use: the call fails with it. */
  #failure: RpcError | undefined;
  #unconsumed = 0;
  #paused = false;
  #done = false;

  constructor(
    init: TransportCallInit,
    sink: TransportCallSink,
    settings: ConnectCallSettings,
    open: OpenExchange,
  ) {
    this.#init = init;
    this.#sink = sink;
    this.#settings = settings;
    this.#streaming = init.requestStream || init.responseStream;
    this.#deframer = new MessageDeframer(settings.maxMessageBytes);
    const request = init.request;
    const compressUnary = !this.#streaming && init.compress && (request?.length ?? 0) > 0;
    const body =
      request === undefined
        ? undefined
        : this.#streaming
          ? this.#envelope(request)
          : compressUnary
            ? gzipCompress(request)
            : Buffer.from(request);
    this.#exchange = open(init.path, this.#requestHeaders(compressUnary, body), {
      response: (status, headers) => this.#response(status, headers),
      data: (chunk) => this.#data(chunk),
      closed: (failure) => this.#closed(failure),
    });
    if (!init.requestStream) this.#exchange.end(body);
    else if (body !== undefined) this.#exchange.write(body, noop);
  }

  send(payload: Uint8Array, written: () => void): boolean {
    if (this.#done || this.#exchange.requestClosed) return true;
    return this.#exchange.write(this.#envelope(payload), written);
  }

  endRequests(): void {
    if (!this.#done && !this.#exchange.requestClosed) this.#exchange.end();
  }

  cancel(_reason: RpcError): void {
    if (this.#done) return;
    this.#done = true;
    this.#exchange.cancel();
  }

  consumed(bytes: number): void {
    this.#unconsumed -= bytes;
    if (this.#paused && this.#unconsumed < this.#settings.streamWindowBytes) {
      this.#paused = false;
      this.#exchange.resume();
    }
  }

  #requestHeaders(compressUnary: boolean, body: Buffer | undefined): OutgoingHttpHeaders {
    const init = this.#init;
    const headers: OutgoingHttpHeaders = {
      'content-type': this.#streaming ? 'application/connect+proto' : 'application/proto',
      'connect-protocol-version': '1',
      'user-agent': this.#settings.userAgent,
    };
    if (init.timeoutMs > 0) {
      headers['connect-timeout-ms'] = String(
        Math.min(MAX_TIMEOUT_MS, Math.max(1, Math.ceil(init.timeoutMs))),
      );
    }
    if (this.#streaming) {
      headers['connect-accept-encoding'] = 'gzip';
      if (init.compress) headers['connect-content-encoding'] = 'gzip';
    } else {
      headers['accept-encoding'] = 'gzip';
      if (compressUnary) headers['content-encoding'] = 'gzip';
      if (body !== undefined) headers['content-length'] = body.length;
    }
    return addMetadataHeaders(headers, init.metadata);
  }

  /** A request message in its envelope, compressed when the call asks for it. */
  #envelope(payload: Uint8Array): Buffer {
    if (!this.#init.compress) return encodeEnvelope(0, payload);
    return encodeEnvelope(ENVELOPE_COMPRESSED, gzipCompress(payload));
  }

  #response(status: number, headers: IncomingHttpHeaders): void {
    if (this.#done) return;
    const rawType = headers['content-type'];
    const type = parseConnectContentType(rawType);
    const encoding = headers[this.#streaming ? 'connect-content-encoding' : 'content-encoding'];
    if (typeof encoding === 'string') this.#encoding = encoding.trim().toLowerCase() || 'identity';
    const metadata = metadataFromHeaders(headers);
    this.#headers = metadata.filter(({ key }) => !key.startsWith('trailer-'));
    if (!this.#streaming) this.#trailers = unaryTrailers(metadata);
    if (status !== 200) {
      // Connect errors of unary calls come as JSON with an HTTP status; anything else (a proxy's
      // page, a stream refused) is read from the status alone.
      this.#errorStatus = status;
      this.#errorIsJson = !this.#streaming && type?.codec === 'json' && !type.streaming;
      return;
    }
    if (type === undefined || type.streaming !== this.#streaming || type.codec !== 'proto') {
      const wanted = this.#streaming ? 'application/connect+proto' : 'application/proto';
      this.#fail(
        type === undefined ? Status.UNKNOWN : Status.INTERNAL,
        `the server answered with content-type ${JSON.stringify(rawType ?? '')}, not ${wanted}`,
      );
      return;
    }
    if (this.#encoding !== 'identity' && this.#encoding !== 'gzip') {
      this.#fail(
        Status.INTERNAL,
        `the server compressed the response with ${JSON.stringify(this.#encoding.slice(0, 64))}, which the client did not accept`,
      );
      return;
    }
    this.#sink.headers(this.#headers);
  }

  #data(chunk: Buffer): void {
    if (this.#done || this.#failure !== undefined) return;
    if (!this.#streaming || this.#errorStatus !== 0) {
      this.#bodyBytes += chunk.length;
      if (this.#errorStatus !== 0 && this.#bodyBytes > this.#settings.maxMessageBytes) {
        // Too large for an error JSON: the HTTP status is all the call ends with.
        this.#errorIsJson = false;
        this.#chunks.length = 0;
        return;
      }
      if (this.#bodyBytes > this.#settings.maxMessageBytes) {
        this.#fail(
          Status.RESOURCE_EXHAUSTED,
          `the response is larger than the limit of ${this.#settings.maxMessageBytes} bytes`,
        );
        return;
      }
      this.#chunks.push(chunk);
      return;
    }
    try {
      for (const { flags, payload } of this.#deframer.push(chunk)) this.#envelopeIn(flags, payload);
    } catch (error) {
      if (isRpcError(error)) this.#fail(error.code, `the response ${error.message}`);
      else this.#fail(Status.INTERNAL, `unreadable response: ${(error as Error).message}`);
      return;
    }
    if (!this.#paused && this.#unconsumed >= this.#settings.streamWindowBytes) {
      this.#paused = true;
      this.#exchange.pause();
    }
  }

  /** One envelope of a response stream. @throws RpcError for one the protocol forbids. */
  #envelopeIn(flags: number, payload: Uint8Array): void {
    if (this.#endStream !== undefined) {
      throw new RpcError(Status.INTERNAL, 'went on after its EndStreamResponse');
    }
    const bytes = (flags & ENVELOPE_COMPRESSED) === 0 ? payload : this.#inflate(payload);
    if ((flags & ENVELOPE_END_STREAM) === 0) {
      this.#unconsumed += bytes.length;
      this.#sink.message(bytes);
      return;
    }
    let end: ReturnType<typeof readEndStream>;
    try {
      end = readEndStream(bytes);
    } catch (error) {
      throw new RpcError(
        Status.INTERNAL,
        `ended with an unreadable EndStreamResponse: ${(error as Error).message}`,
      );
    }
    const error =
      end.error === undefined
        ? undefined
        : this.#error(end.error.code, end.error.message || 'the server gave no message', {
            details: end.error.details,
            metadata: end.trailers,
          });
    this.#endStream = { error, trailers: end.trailers };
  }

  /** A compressed message or body inflated within the size limit. @throws RpcError. */
  #inflate(bytes: Uint8Array): Uint8Array {
    if (this.#encoding === 'identity') {
      throw new RpcError(
        Status.INTERNAL,
        'has a compressed message though the server named no encoding',
      );
    }
    return decompressMessage(this.#encoding, bytes, this.#settings.maxMessageBytes);
  }

  /** A unary response's body, inflated in its `content-encoding` (an empty one never is). */
  #body(): Uint8Array {
    const body = Buffer.concat(this.#chunks);
    if (body.length === 0 || this.#encoding === 'identity') return body;
    return decompressMessage(this.#encoding, body, this.#settings.maxMessageBytes);
  }

  #closed(lost: StreamFailure | undefined): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#failure !== undefined) {
      this.#sink.end(this.#failure, NO_ENTRIES);
      return;
    }
    if (lost !== undefined) {
      const { code, message, cause } = lost;
      this.#sink.end(this.#error(code, message, cause === undefined ? {} : { cause }), NO_ENTRIES);
      return;
    }
    try {
      if (this.#errorStatus !== 0) this.#endWithErrorBody();
      else if (this.#streaming) this.#endStreamCall();
      else this.#endUnaryCall();
    } catch (error) {
      const failure = isRpcError(error)
        ? this.#error(error.code, `the response ${error.message}`)
        : this.#error(Status.INTERNAL, `unreadable response: ${(error as Error).message}`);
      this.#sink.end(failure, NO_ENTRIES);
    }
  }

  /** The end of a unary call's 200 response: its one message and the `trailer-` headers. */
  #endUnaryCall(): void {
    this.#sink.message(this.#body());
    this.#sink.end(undefined, this.#trailers);
  }

  /** The end of a stream's response: the EndStreamResponse says how the call ended. */
  #endStreamCall(): void {
    if (this.#deframer.partial) {
      throw new RpcError(Status.INTERNAL, 'was cut off in the middle of a message');
    }
    const end = this.#endStream;
    if (end === undefined) {
      throw new RpcError(Status.INTERNAL, 'ended without an EndStreamResponse');
    }
    this.#sink.end(end.error, end.trailers);
  }

  /** A response with an HTTP status other than 200: Connect's error JSON, or the status alone. */
  #endWithErrorBody(): void {
    const status = this.#errorStatus;
    const trailers = this.#trailers;
    const parts = this.#errorIsJson ? this.#errorJson() : undefined;
    if (parts === undefined) {
      this.#sink.end(
        this.#error(codeOfHttpStatus(status), `the server answered HTTP ${status}`, {
          metadata: trailers,
        }),
        trailers,
      );
      return;
    }
    this.#sink.headers(this.#headers);
    const metadata = [...this.#headers, ...trailers];
    this.#sink.end(
      this.#error(parts.code, parts.message || 'the server gave no message', {
        details: parts.details,
        metadata,
      }),
      trailers,
    );
  }

  /** The unary error body as Connect's error JSON, or undefined when it is not one. */
  #errorJson(): ReturnType<typeof readConnectError> {
    try {
      const bytes = this.#body();
      return readConnectError(JSON.parse(new TextDecoder().decode(bytes)) as unknown);
    } catch {
      return undefined;
    }
  }

  #fail(code: StatusCode, message: string): void {
    this.#failure ??= this.#error(code, message);
    this.#exchange.cancel();
  }

  #error(code: StatusCode, message: string, options: RpcErrorOptions = {}): RpcError {
    return new RpcError(
      code,
      `${this.#init.path} on ${this.#settings.address}: ${message}`,
      options,
    );
  }
}

/** The `trailer-` entries of `metadata` without their prefix (`trailer-connect-` is reserved). */
function unaryTrailers(metadata: readonly MetadataEntry[]): MetadataEntry[] {
  return metadata
    .filter(({ key }) => key.startsWith('trailer-') && !key.startsWith('trailer-connect-'))
    .map(({ key, value }) => ({ key: key.slice('trailer-'.length), value }));
}

function noop(): void {}
