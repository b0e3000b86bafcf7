import { type ClientHttp2Session, connect as http2Connect } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
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
} from '@yrpc/rpc';
import { z } from 'zod';
import { type GrpcCallSettings, GrpcClientCall } from './grpc-client-call.js';

/** Options of {@link grpcTransport}. */
export const grpcTransportOptionsSchema = z.strictObject({
  /** The largest response message accepted, decompressed, in bytes. Default 16 MiB. */
  maxMessageBytes: z
    .number()
    .int()
    .min(1)
    .max(0x7fff_ffff)
    .default(16 * 1024 * 1024),
  /**
   * Response bytes one stream may hold that the caller has not taken yet; past it the client
   * stops reading and HTTP/2 flow control holds the server back. Default 1 MiB.
   */
  streamWindowBytes: z
    .number()
    .int()
    .min(1)
    .default(1024 * 1024),
  /** How long (ms) opening the connection may take. Default 20000. */
  connectTimeoutMs: z.number().int().min(1).max(0x7fff_ffff).default(20_000),
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

type ResolvedOptions = z.output<typeof grpcTransportOptionsSchema>;

/** One HTTP/2 connection to the server at a time, opened on the first call and again after it is lost. */
class GrpcTransport implements ClientTransport {
  readonly #endpoint: ClientEndpoint;
  readonly #options: ResolvedOptions;
  readonly #settings: GrpcCallSettings;
  #session: ClientHttp2Session | undefined;
  /** Calls in flight: while there are any, the connection keeps the process alive. */
  #active = 0;
  #closed = false;

  constructor(endpoint: ClientEndpoint, options: ResolvedOptions) {
    this.#endpoint = endpoint;
    this.#options = options;
    const host = endpoint.host ?? '127.0.0.1';
    const address = endpoint.path ?? `${host}:${endpoint.port}`;
    const secure = endpoint.tls !== undefined;
    this.#settings = {
      address,
      authority:
        endpoint.path !== undefined
          ? 'localhost'
          : `${host.includes(':') ? `[${host}]` : host}:${endpoint.port}`,
      scheme: secure ? 'https' : 'http',
      maxMessageBytes: options.maxMessageBytes,
      streamWindowBytes: options.streamWindowBytes,
      userAgent: options.userAgent,
    };
  }

  get connected(): boolean {
    const session = this.#session;
    return session !== undefined && !session.connecting && usable(session);
  }

  start(init: TransportCallInit, sink: TransportCallSink): TransportCall {
    if (this.#closed) {
      const error = new RpcError(
        Status.UNAVAILABLE,
        `${init.path} on ${this.#settings.address}: the client is closed`,
      );
      queueMicrotask(() => sink.end(error, []));
      return CLOSED_CALL;
    }
    const session = this.#usableSession();
    if (this.#active++ === 0) session.ref();
    return new GrpcClientCall(session, init, sink, this.#settings, () => {
      if (--this.#active === 0 && this.#session !== undefined) this.#session.unref();
    });
  }

  async connect(): Promise<void> {
    const session = this.#usableSession();
    if (!session.connecting) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        session.off('connect', onConnect);
        reject(
          new RpcError(
            Status.UNAVAILABLE,
            `cannot connect to ${this.#settings.address}: ${error.message}`,
            { cause: error },
          ),
        );
      };
      const onConnect = () => {
        session.off('error', onError);
        resolve();
      };
      session.once('connect', onConnect);
      session.once('error', onError);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const session = this.#session;
    this.#session = undefined;
    if (session === undefined || session.destroyed) return;
    await new Promise<void>((resolve) => {
      session.once('close', resolve);
      // Calls still open were cancelled by the client first: nothing is left to wait for.
      session.destroy();
    });
  }

  /** The open session, or a new one when there is none or it is going away. */
  #usableSession(): ClientHttp2Session {
    const current = this.#session;
    if (current !== undefined && usable(current)) return current;
    const endpoint = this.#endpoint;
    const settings = this.#settings;
    const tls = endpoint.tls;
    const session = http2Connect(`${settings.scheme}://${settings.authority}`, {
      createConnection: () => {
        if (endpoint.path !== undefined) return netConnect({ path: endpoint.path });
        // Small calls must leave at once: Nagle's algorithm would hold them for the peer's ACK.
        const target = {
          host: endpoint.host ?? '127.0.0.1',
          port: endpoint.port ?? 0,
          noDelay: true,
        };
        if (tls === undefined) return netConnect(target);
        return tlsConnect({
          ...target,
          ...tlsOptionsOf(tls),
          ALPNProtocols: ['h2'],
        });
      },
    });
    session.on('error', noop);
    session.setTimeout(this.#options.connectTimeoutMs, () => {
      if (session.connecting)
        session.destroy(new Error(`no connection within ${this.#options.connectTimeoutMs} ms`));
    });
    session.once('connect', () => session.setTimeout(0));
    session.once('goaway', () => {
      if (this.#session === session) this.#session = undefined;
    });
    session.once('close', () => {
      if (this.#session === session) this.#session = undefined;
    });
    // An idle connection must not keep the process alive; calls in flight keep it referenced.
    if (this.#active === 0) session.unref();
    this.#session = session;
    return session;
  }
}

function usable(session: ClientHttp2Session): boolean {
  return !session.closed && !session.destroyed;
}

/** The client endpoint's TLS settings as node:tls names them. */
function tlsOptionsOf(tls: NonNullable<ClientEndpoint['tls']>): Record<string, unknown> {
  const { alpnProtocols: _ignored, ...rest } = tls as Record<string, unknown> & {
    alpnProtocols?: unknown;
  };
  return rest;
}

/** A call made on a closed transport: it ended already. */
const CLOSED_CALL: TransportCall = {
  send: () => true,
  endRequests() {},
  cancel() {},
  consumed() {},
};

function noop(): void {}
