import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { type ClientHttp2Session, type ClientHttp2Stream, constants } from 'node:http2';
import {
  decompressMessage,
  gzipCompress,
  isRpcError,
  type MetadataEntry,
  RpcError,
  Status,
  type StatusCode,
  type TransportCall,
  type TransportCallInit,
  type TransportCallSink,
} from '@yrpc/rpc';
import { codeOfHttpStatus } from '../connect/connect-error.js';
import { addMetadataHeaders, metadataFromHeaders } from '../grpc/grpc-metadata.js';
import { detailsFromHeader } from '../grpc/grpc-status-details.js';
import { decodeGrpcMessage } from '../grpc/grpc-status-message.js';
import { formatGrpcTimeout } from '../grpc/grpc-timeout.js';
import { GRPC_ACCEPT_ENCODING } from '../grpc/grpc-wire.js';
import { MessageDeframer } from '../grpc/message-deframer.js';
import { FLAG_COMPRESSED, frameMessage } from '../grpc/message-framer.js';
import type { HttpTarget } from '../http-client/http2-connection.js';
import {
  failureOfConnection,
  failureOfReset,
  type StreamFailure,
} from '../http-client/stream-reset.js';

/** What the calls of one gRPC transport share: where they go, and its options. */
export interface GrpcCallSettings extends HttpTarget {
  /** The largest response message accepted (decompressed), in bytes. */
  readonly maxMessageBytes: number;
  /** Response bytes a stream may hold untaken before reading pauses (HTTP/2 flow control then holds the server back). */
  readonly streamWindowBytes: number;
  readonly userAgent: string;
}

const NO_ENTRIES: readonly MetadataEntry[] = [];

/**
 * One call over gRPC on an HTTP/2 stream: the request headers (`grpc-timeout`, metadata,
 * `grpc-encoding`), Length-Prefixed-Messages both ways (gzip when asked, inflated within the
 * size limit), and the status from the trailers (or a Trailers-Only response, or what the HTTP
 * status, a reset or a lost connection mean per gRPC's PROTOCOL-HTTP2).
 */
export class GrpcClientCall implements TransportCall {
  readonly #init: TransportCallInit;
  readonly #sink: TransportCallSink;
  readonly #settings: GrpcCallSettings;
  readonly #stream: ClientHttp2Stream;
  readonly #deframer: MessageDeframer;
  #encoding = 'identity';
  #trailers: IncomingHttpHeaders | undefined;
  /** Set for a response that is not gRPC (HTTP status, content type): the call fails with it. */
  #failure: RpcError | undefined;
  #unconsumed = 0;
  #paused = false;
  #done = false;
  readonly #finished: () => void;

  /** A call on `session`; `finished` is told once its stream is gone. */
  constructor(
    session: ClientHttp2Session,
    init: TransportCallInit,
    sink: TransportCallSink,
    settings: GrpcCallSettings,
    finished: () => void,
  ) {
    this.#finished = finished;
    this.#init = init;
    this.#sink = sink;
    this.#settings = settings;
    this.#deframer = new MessageDeframer(settings.maxMessageBytes);
    const headers: OutgoingHttpHeaders = {
      ':method': 'POST',
      ':scheme': settings.scheme,
      ':path': init.path,
      ':authority': settings.authority,
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': settings.userAgent,
      'grpc-accept-encoding': GRPC_ACCEPT_ENCODING,
    };
    if (init.compress) headers['grpc-encoding'] = 'gzip';
    if (init.timeoutMs > 0) headers['grpc-timeout'] = formatGrpcTimeout(init.timeoutMs);
    addMetadataHeaders(headers, init.metadata);
    const stream = session.request(headers, { endStream: false });
    this.#stream = stream;
    stream.on('response', (response) => this.#response(response));
    stream.on('data', (chunk: Buffer) => this.#data(chunk));
    stream.on('trailers', (trailers) => {
      this.#trailers = trailers;
    });
    stream.on('error', (error: Error) => {
      const failure = failureOfConnection(error);
      if (failure !== undefined) this.#failure ??= this.#failed(failure);
    });
    stream.once('close', () => {
      this.#finished();
      this.#closed(session.destroyed);
    });
    // The body is read to its end even when nobody listens for it, so that 'close' comes.
    stream.on('end', noop);
    if (init.request !== undefined) {
      stream.write(this.#frame(init.request));
      if (!init.requestStream) stream.end();
    }
  }

  send(payload: Uint8Array, written: () => void): boolean {
    const stream = this.#stream;
    if (this.#done || stream.destroyed || stream.writableEnded) return true;
    if (stream.write(this.#frame(payload))) return true;
    stream.once('drain', written);
    return false;
  }

  endRequests(): void {
    if (!this.#done && !this.#stream.writableEnded) this.#stream.end();
  }

  cancel(_reason: RpcError): void {
    if (this.#done) return;
    this.#done = true;
    if (!this.#stream.destroyed) this.#stream.close(constants.NGHTTP2_CANCEL);
  }

  consumed(bytes: number): void {
    this.#unconsumed -= bytes;
    if (this.#paused && this.#unconsumed < this.#settings.streamWindowBytes) {
      this.#paused = false;
      this.#stream.resume();
    }
  }

  /** A request message framed, compressed when the call asks for it. */
  #frame(payload: Uint8Array): Buffer {
    if (!this.#init.compress) return frameMessage(0, payload);
    return frameMessage(FLAG_COMPRESSED, gzipCompress(payload));
  }

  #response(headers: IncomingHttpHeaders): void {
    const status = Number(headers[':status']);
    const contentType = String(headers['content-type'] ?? '');
    if (status !== 200) {
      this.#failure ??= this.#error(
        codeOfHttpStatus(status),
        `the server answered HTTP ${status}${contentType ? ` (${contentType})` : ''}, not a gRPC response`,
      );
      return;
    }
    if (!/^application\/grpc($|[+;])/.test(contentType)) {
      this.#failure ??= this.#error(
        Status.UNKNOWN,
        `the server answered with content-type ${JSON.stringify(contentType)}, not application/grpc`,
      );
      return;
    }
    const encoding = headers['grpc-encoding'];
    if (typeof encoding === 'string') this.#encoding = encoding;
    // A Trailers-Only response: the status is in the headers, nothing else comes.
    if (headers['grpc-status'] !== undefined) {
      this.#trailers = headers;
      return;
    }
    this.#sink.headers(metadataFromHeaders(headers));
  }

  #data(chunk: Buffer): void {
    if (this.#done || this.#failure !== undefined) return;
    try {
      for (const { flags, payload } of this.#deframer.push(chunk)) {
        const message =
          (flags & FLAG_COMPRESSED) === 0
            ? payload
            : decompressMessage(this.#encoding, payload, this.#settings.maxMessageBytes);
        this.#unconsumed += message.length;
        this.#sink.message(message);
      }
    } catch (error) {
      this.#failure = isRpcError(error)
        ? this.#error(error.code, `the response ${error.message}`)
        : this.#error(Status.INTERNAL, `unreadable response: ${(error as Error).message}`);
      this.#stream.close(constants.NGHTTP2_CANCEL);
      return;
    }
    if (
      this.#init.responseStream &&
      !this.#paused &&
      this.#unconsumed >= this.#settings.streamWindowBytes
    ) {
      this.#paused = true;
      this.#stream.pause();
    }
  }

  /** The stream is gone; `sessionGone` whether its connection is too. */
  #closed(sessionGone: boolean): void {
    if (this.#done) return;
    this.#done = true;
    const trailers = this.#trailers;
    if (this.#failure !== undefined) {
      this.#sink.end(this.#failure, NO_ENTRIES);
      return;
    }
    if (trailers === undefined) {
      this.#sink.end(this.#failed(failureOfReset(this.#stream.rstCode, sessionGone)), NO_ENTRIES);
      return;
    }
    const metadata = metadataFromHeaders(trailers).filter(
      (entry) => !entry.key.startsWith('grpc-'),
    );
    const status = Number(trailers['grpc-status']);
    if (!Number.isInteger(status)) {
      this.#sink.end(
        this.#error(Status.INTERNAL, 'the server ended the call without a grpc-status'),
        metadata,
      );
      return;
    }
    if (status === 0) {
      this.#sink.end(undefined, metadata);
      return;
    }
    const code = (status >= 1 && status <= 16 ? status : Status.UNKNOWN) as StatusCode;
    const raw = trailers['grpc-message'];
    const message = typeof raw === 'string' ? decodeGrpcMessage(raw) : '';
    const detailsValue = trailers['grpc-status-details-bin'];
    this.#sink.end(
      this.#error(code, message || 'the server gave no message', {
        details: typeof detailsValue === 'string' ? detailsFromHeader(detailsValue, code) : [],
        metadata,
      }),
      metadata,
    );
  }

  #failed({ code, message, cause }: StreamFailure): RpcError {
    return this.#error(code, message, cause === undefined ? {} : { cause });
  }

  #error(
    code: StatusCode,
    message: string,
    options: ConstructorParameters<typeof RpcError>[2] = {},
  ): RpcError {
    return new RpcError(
      code,
      `${this.#init.path} on ${this.#settings.address}: ${message}`,
      options,
    );
  }
}

function noop(): void {}
