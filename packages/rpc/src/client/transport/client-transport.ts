import type { MetadataEntry, RpcError } from '@yrpc/protocol';
import type { ClientEndpoint } from '../../connection/endpoint.js';
import type { MethodPath } from '../../service/method-path.js';

/** How a call starts on a {@link ClientTransport}: what the caller asked for. */
export interface TransportCallInit {
  /** `/package.Service/Method`. */
  readonly path: MethodPath;
  /** Whether the caller sends a stream of requests (client streaming, bidi). */
  readonly requestStream: boolean;
  /** Whether the server answers with a stream (server streaming, bidi). */
  readonly responseStream: boolean;
  /** Request metadata (a `-bin` key's value is its base64 text). */
  readonly metadata: readonly MetadataEntry[];
  /** What is left of the call's time budget, in ms; 0 for none. */
  readonly timeoutMs: number;
  /**
   * The encoded request of a method without a request stream; a view into a shared buffer: copy
   * it before returning. Absent for request streams (see {@link TransportCall.send}).
   */
  readonly request?: Uint8Array | undefined;
  /** Send the request messages compressed with gzip when the transport can. */
  readonly compress: boolean;
}

/** Where a transport delivers a call's answer: `headers` once, `message` per message, `end` once. */
export interface TransportCallSink {
  /** The response headers. */
  headers(entries: readonly MetadataEntry[]): void;
  /** One response message, protobuf binary; the transport does not reuse `payload`. */
  message(payload: Uint8Array): void;
  /**
   * The call is over: `error` undefined for OK (an `RpcError` with the server's code, message,
   * details and trailers otherwise); `trailers` the server's. Not called after `cancel`.
   */
  end(error: RpcError | undefined, trailers: readonly MetadataEntry[]): void;
}

/** A call in flight on a transport, as the client drives it. */
export interface TransportCall {
  /**
   * Sends one request message of a request stream (a shared view: copy it before returning).
   * Returns false when the peer's flow control holds it back; `written` is called once it went.
   */
  send(payload: Uint8Array, written: () => void): boolean;
  /** The caller sent its last request message (a half-close). */
  endRequests(): void;
  /** The caller gave up (or its deadline passed): stop the call on the server; the sink hears nothing more. */
  cancel(reason: RpcError): void;
  /** The caller took response messages worth `bytes`: the transport may read more (flow control). */
  consumed(bytes: number): void;
}

/**
 * What carries a {@link Client}'s calls when it speaks another protocol than yrpc (the extension
 * point `@yrpc/http`'s gRPC transport plugs into): `new Client(endpoint, { transport })`. The
 * client keeps everything above it — stubs in every call style, interceptors and retries,
 * deadlines, cancellation, message conversion, status codes — and hands the transport encoded
 * requests and protocol-neutral call starts.
 */
export interface ClientTransport {
  /** Starts a call whose answer goes to `sink`. Failures (connection refused) come through `sink.end`. */
  start(init: TransportCallInit, sink: TransportCallSink): TransportCall;
  /** Opens the connection now instead of at the first call; rejects with UNAVAILABLE. */
  connect(): Promise<void>;
  /** Whether a connection is open and takes calls. */
  readonly connected: boolean;
  /** Closes the transport: calls in flight end with UNAVAILABLE through their sinks. */
  close(): Promise<void>;
  /**
   * Bytes read and written on the transport's connections so far, closed ones included (what
   * `client.stats()` reports as `bytesIn` and `bytesOut`); a transport without it counts 0.
   */
  traffic?(): TransportTraffic;
}

/** What {@link ClientTransport.traffic} counts: the bytes on the wire, both ways. */
export interface TransportTraffic {
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** Makes the transport of one client, for its endpoint. */
export type ClientTransportFactory = (endpoint: ClientEndpoint) => ClientTransport;
