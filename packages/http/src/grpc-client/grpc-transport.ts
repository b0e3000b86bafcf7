import {
  type ClientEndpoint,
  type ClientTransport,
  type ClientTransportFactory,
  parseOptions,
  RpcError,
  Status,
  type TransportCall,
  type TransportCallInit,
  type TransportCallSink,
  type TransportTraffic,
} from '@yrpc/rpc';
import { z } from 'zod';
import { clientTransportOptionsShape } from '../http-client/client-transport-options.js';
import { Http2Connection, httpTarget } from '../http-client/http2-connection.js';
import { refuseCall } from '../http-client/refused-call.js';
import { type GrpcCallSettings, GrpcClientCall } from './grpc-client-call.js';

/** Options of {@link grpcTransport}. */
export const grpcTransportOptionsSchema = z.strictObject({
  ...clientTransportOptionsShape,
  /** The `user-agent` sent with every call. */
  userAgent: z.string().min(1).default('yrpc-http/0 (gRPC over HTTP/2)'),
});

/** Options of {@link grpcTransport}, as given; see {@link grpcTransportOptionsSchema}. */
export type GrpcTransportOptions = z.input<typeof grpcTransportOptionsSchema>;

/**
 * A yrpc `Client` that speaks gRPC over HTTP/2 to any gRPC server (grpc-js, grpc-go, Envoy...):
 * `new Client({ host, port }, { transport: grpcTransport() })`. The client's stubs, call styles,
 * interceptors, retries, deadlines (`grpc-timeout`), cancellation (RST_STREAM), metadata,
 * compression (`compression: 'gzip'`) and status codes work as over the yrpc protocol.
 */
export function grpcTransport(options: GrpcTransportOptions = {}): ClientTransportFactory {
  const parsed = parseOptions(grpcTransportOptionsSchema, options, 'grpcTransport');
  return (endpoint) => new GrpcTransport(endpoint, parsed);
}

/** One HTTP/2 connection to the server at a time, opened on the first call and again after it is lost. */
class GrpcTransport implements ClientTransport {
  readonly #connection: Http2Connection;
  readonly #settings: GrpcCallSettings;
  #closed = false;

  constructor(endpoint: ClientEndpoint, options: z.output<typeof grpcTransportOptionsSchema>) {
    this.#connection = new Http2Connection(endpoint, options.connectTimeoutMs);
    this.#settings = {
      ...httpTarget(endpoint),
      maxMessageBytes: options.maxMessageBytes,
      streamWindowBytes: options.streamWindowBytes,
      userAgent: options.userAgent,
    };
  }

  get connected(): boolean {
    return this.#connection.connected;
  }

  start(init: TransportCallInit, sink: TransportCallSink): TransportCall {
    if (this.#closed) {
      const why = `${init.path} on ${this.#settings.address}: the client is closed`;
      return refuseCall(sink, new RpcError(Status.UNAVAILABLE, why));
    }
    const connection = this.#connection;
    return new GrpcClientCall(connection.acquire(), init, sink, this.#settings, () =>
      connection.release(),
    );
  }

  connect(): Promise<void> {
    return this.#connection.connect();
  }

  traffic(): TransportTraffic {
    return this.#connection.traffic();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#connection.close();
  }
}
