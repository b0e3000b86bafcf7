import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
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
import {
  Http2Connection,
  type HttpTarget,
  httpTarget,
  openSocket,
} from '../http-client/http2-connection.js';
import { refuseCall } from '../http-client/refused-call.js';
import { SocketTraffic } from '../http-client/socket-traffic.js';
import type { OpenExchange } from './client-exchange.js';
import { type ConnectCallSettings, ConnectClientCall } from './connect-client-call.js';
import { openHttp1Exchange } from './http1-client-exchange.js';
import { openHttp2Exchange } from './http2-client-exchange.js';

/** Options of {@link connectTransport}. */
export const connectTransportOptionsSchema = z.strictObject({
  /**
   * `'2'` (the default): every call on one HTTP/2 connection. `'1.1'`: unary, server-streaming
   * and client-streaming calls over HTTP/1.1 (kept-alive connections); bidirectional streaming
   * needs HTTP/2 and fails with UNIMPLEMENTED.
   */
  httpVersion: z.enum(['2', '1.1']).default('2'),
  ...clientTransportOptionsShape,
  /** The `user-agent` sent with every call. */
  userAgent: z.string().min(1).default('yrpc-http/0 (Connect)'),
});

/** Options of {@link connectTransport}, as given; see {@link connectTransportOptionsSchema}. */
export type ConnectTransportOptions = z.input<typeof connectTransportOptionsSchema>;

/**
 * A yrpc `Client` that speaks the Connect protocol to any Connect server (connect-go,
 * connect-es, a yrpc Server with `httpProtocols()`): `new Client({ host, port }, { transport:
 * connectTransport() })`. Messages go as binary protobuf (`application/proto`,
 * `application/connect+proto`): the Client hands its transport encoded messages, so Connect's
 * JSON codec has no use here. The client's stubs, call styles, interceptors, retries, deadlines
 * (`connect-timeout-ms`), cancellation, metadata (`-bin` values base64), compression
 * (`compression: 'gzip'`), error details and status codes work as over the yrpc protocol.
 */
export function connectTransport(options: ConnectTransportOptions = {}): ClientTransportFactory {
  const parsed = parseOptions(connectTransportOptionsSchema, options, 'connectTransport');
  return (endpoint) =>
    parsed.httpVersion === '2'
      ? new ConnectHttp2Transport(endpoint, parsed)
      : new ConnectHttp1Transport(endpoint, parsed);
}

type ResolvedOptions = z.output<typeof connectTransportOptionsSchema>;

/** What both HTTP versions share: settings, the closed state, starting calls. */
abstract class ConnectTransport implements ClientTransport {
  protected readonly target: HttpTarget;
  protected readonly settings: ConnectCallSettings;
  #closed = false;

  constructor(endpoint: ClientEndpoint, options: ResolvedOptions) {
    this.target = httpTarget(endpoint);
    this.settings = {
      address: this.target.address,
      maxMessageBytes: options.maxMessageBytes,
      streamWindowBytes: options.streamWindowBytes,
      userAgent: options.userAgent,
    };
  }

  abstract readonly connected: boolean;
  abstract connect(): Promise<void>;
  abstract traffic(): TransportTraffic;
  protected abstract exchange(init: TransportCallInit): OpenExchange | string;
  protected abstract shutdown(): Promise<void>;

  start(init: TransportCallInit, sink: TransportCallSink): TransportCall {
    if (this.#closed) return this.#refused(init, sink, Status.UNAVAILABLE, 'the client is closed');
    const open = this.exchange(init);
    if (typeof open === 'string') return this.#refused(init, sink, Status.UNIMPLEMENTED, open);
    return new ConnectClientCall(init, sink, this.settings, open);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.shutdown();
  }

  #refused(
    init: TransportCallInit,
    sink: TransportCallSink,
    code: typeof Status.UNAVAILABLE | typeof Status.UNIMPLEMENTED,
    why: string,
  ): TransportCall {
    return refuseCall(sink, new RpcError(code, `${init.path} on ${this.target.address}: ${why}`));
  }
}

/** Every call a stream of one HTTP/2 connection, as {@link grpcTransport} does. */
class ConnectHttp2Transport extends ConnectTransport {
  readonly #connection: Http2Connection;

  constructor(endpoint: ClientEndpoint, options: ResolvedOptions) {
    super(endpoint, options);
    this.#connection = new Http2Connection(endpoint, options.connectTimeoutMs);
  }

  get connected(): boolean {
    return this.#connection.connected;
  }

  connect(): Promise<void> {
    return this.#connection.connect();
  }

  traffic(): TransportTraffic {
    return this.#connection.traffic();
  }

  protected exchange(): OpenExchange {
    const connection = this.#connection;
    const session = connection.acquire();
    return (path, headers, events) =>
      openHttp2Exchange(session, this.target, path, headers, events, () => connection.release());
  }

  protected shutdown(): Promise<void> {
    return this.#connection.close();
  }
}

/** Calls over HTTP/1.1, each on a kept-alive connection of an agent. */
class ConnectHttp1Transport extends ConnectTransport {
  readonly #agent: Agent;
  readonly #endpoint: ClientEndpoint;
  readonly #connectTimeoutMs: number;
  readonly #location: { host: string; port: number } | { socketPath: string };
  readonly #traffic = new SocketTraffic();

  constructor(endpoint: ClientEndpoint, options: ResolvedOptions) {
    super(endpoint, options);
    this.#endpoint = endpoint;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#location =
      endpoint.path !== undefined
        ? { socketPath: endpoint.path }
        : { host: endpoint.host ?? '127.0.0.1', port: endpoint.port ?? 0 };
    this.#agent =
      endpoint.tls === undefined
        ? new Agent({ keepAlive: true })
        : new HttpsAgent({ keepAlive: true });
    // Every connection as the HTTP/2 transport opens it: TCP_NODELAY, the endpoint's TLS.
    const agent = this.#agent as Agent & { createConnection: (...args: never[]) => unknown };
    agent.createConnection = () => this.#traffic.track(dial(endpoint, options.connectTimeoutMs));
  }

  traffic(): TransportTraffic {
    return this.#traffic.totals();
  }

  get connected(): boolean {
    const free = Object.values(this.#agent.freeSockets).flat().length;
    const busy = Object.values(this.#agent.sockets).flat().length;
    return free + busy > 0;
  }

  /** Checks that the server takes connections (HTTP/1.1 connections are opened per call). */
  async connect(): Promise<void> {
    const address = this.target.address;
    await new Promise<void>((resolve, reject) => {
      const socket = dial(this.#endpoint, this.#connectTimeoutMs);
      socket.once('encrypted' in socket ? 'secureConnect' : 'connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', (error: Error) => {
        reject(
          new RpcError(Status.UNAVAILABLE, `cannot connect to ${address}: ${error.message}`, {
            cause: error,
          }),
        );
      });
    });
  }

  protected exchange(init: TransportCallInit): OpenExchange | string {
    if (init.requestStream && init.responseStream) {
      return 'bidirectional streaming needs HTTP/2 (connectTransport({ httpVersion: "2" }))';
    }
    return (path, headers, events) =>
      openHttp1Exchange(this.#agent, this.target, this.#location, path, headers, events);
  }

  protected async shutdown(): Promise<void> {
    this.#agent.destroy();
  }
}

/** An HTTP/1.1 connection to `endpoint`, destroyed when it is not open within `timeoutMs`. */
function dial(endpoint: ClientEndpoint, timeoutMs: number): ReturnType<typeof openSocket> {
  const socket = openSocket(endpoint, ['http/1.1']);
  socket.setTimeout(timeoutMs, () => {
    if (socket.connecting) socket.destroy(new Error(`no connection within ${timeoutMs} ms`));
  });
  socket.once('connect', () => socket.setTimeout(0));
  return socket;
}
