import {
  type ConnectionOptions,
  DEFAULT_MAX_FRAME_SIZE,
  FramedConnection,
  type HandshakeMetaInit,
  HEADER_SIZE,
  Listener,
  localHandshake,
  RpcError,
  run,
  Status,
  type Task,
} from '@yrpc/protocol';
import { interceptImplementation, type ServerInterceptor } from '../call/interceptor.js';
import type { CallCounters, ClosedTotals, ServerStats } from '../call/stats.js';
import { endpointCompression } from '../compression/payload-compression.js';
import type { ConnectionTimeoutSettings } from '../connection/connection-timeouts.js';
import { describeEndpoint, endpointSchema, type ServerEndpoint } from '../connection/endpoint.js';
import { rpcTimers } from '../connection/rpc-timers.js';
import { parseOptions } from '../invalid-option-error.js';
import { EndpointMessages } from '../message/endpoint-messages.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { ServiceDefinition } from '../service/service-definition.js';
import { CallLimiter } from './call-limiter.js';
import type { ConnectionAgeSettings } from './connection-age.js';
import type { ConnectionDrain } from './connection-drain.js';
import { type ConnectionHost, serveConnection } from './connection-service.js';
import { protocolDivert, withProtocolAlpn } from './protocols/protocol-divert.js';
import { ServerGateway } from './protocols/server-gateway.js';
import type { ServerProtocol } from './protocols/server-protocol.js';
import { ResultCache, type ResultCacheBounds } from './result-cache.js';
import type { ServerLivenessSettings } from './server-liveness.js';
import {
  type ServerOptions,
  type ShutdownOptions,
  serverOptionsSchema,
  shutdownOptionsSchema,
} from './server-options.js';
import type { ServerSession, SessionSettings } from './server-session.js';
import type { ServiceImplementation } from './service-implementation.js';
import { ServiceRegistry } from './service-registry.js';

/** A TCP endpoint the server listens on, with the port actually bound. */
export type BoundTcpEndpoint = ServerEndpoint & { readonly host: string; readonly port: number };

/** A Unix socket endpoint the server listens on. */
export type BoundUnixEndpoint = ServerEndpoint & { readonly path: string };

/** Where a server listens, as {@link Server.listen} bound it. */
export type BoundEndpoint = BoundTcpEndpoint | BoundUnixEndpoint;

/** A connection the server dropped because of what its peer sent (bad frames, wrong protocol). */
export interface ConnectionErrorEvent {
  /** The peer's address. */
  readonly peer: string;
  /** What went wrong; a ProtocolError for malformed frames. */
  readonly error: Error;
}

/**
 * Requests a connection may put aside while its answers wait for the client's credit, when no
 * per-connection call limit says otherwise.
 */
const DEFAULT_MAX_DEFERRED_REQUESTS = 1024;

/** How often {@link Server.shutdown} looks whether the calls it waits for have finished. */
const DRAIN_POLL_MS = 10;

/**
 * An RPC server: services registered from protobufjs definitions, served on any number of TCP,
 * Unix socket and TLS endpoints. One coroutine per connection reads frames; each call of a
 * generator handler runs in its own coroutine inside that connection's scope.
 *
 * @example
 * const server = new Server().addService(Greeter, { sayHello: (req) => ({ message: `Hi ${req.name}` }) });
 * const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
 */
export class Server {
  readonly #registry = new ServiceRegistry();
  /** The services' message conversion with this server's `messages` options. */
  readonly #messages: EndpointMessages;
  readonly #interceptors: readonly ServerInterceptor[];
  readonly #settings: SessionSettings & ServerLivenessSettings;
  readonly #listeners: { readonly endpoint: ServerEndpoint; readonly listener: Listener }[] = [];
  readonly #connections = new Set<Task<void>>();
  readonly #errorHandlers: ((event: ConnectionErrorEvent) => void)[] = [];
  readonly #handshake: HandshakeMetaInit;
  readonly #connectionWindow: number;
  readonly #connectionOptions: ConnectionOptions;
  readonly #timeouts: ConnectionTimeoutSettings;
  readonly #age: ConnectionAgeSettings;
  readonly #drains = new Set<ConnectionDrain>();
  /** Open connections' sessions, with their connection (for the stats' byte counts). */
  readonly #sessions = new Map<ServerSession, FramedConnection>();
  readonly #counters: CallCounters = { callsStarted: 0, callsFinished: 0 };
  readonly #closedTotals: ClosedTotals = { bytesIn: 0, bytesOut: 0, flowControlStalls: 0 };
  /** Other protocols on the same listeners (see ServerOptions.protocols). */
  readonly #protocols: readonly ServerProtocol[];
  /** Called when a graceful shutdown begins, before the drain (see {@link Server.onShutdown}). */
  readonly #shutdownListeners: (() => void | PromiseLike<void>)[] = [];
  #shutdownBegun = false;
  /** What each yrpc connection's coroutine is lent of this server. */
  readonly #host: ConnectionHost;
  #draining = false;
  #closed = false;

  constructor(options: ServerOptions = {}) {
    const parsed = parseOptions(serverOptionsSchema, options, 'Server');
    this.#messages = new EndpointMessages(parsed.messages);
    // Clients learn the per-connection limit and the heartbeat interval from the handshake.
    const flow = parsed.flowControl;
    const compression = endpointCompression(parsed);
    this.#handshake = localHandshake({
      maxConcurrentCalls: parsed.maxConcurrentCallsPerConnection ?? 0,
      heartbeatIntervalMs: parsed.heartbeat.intervalMs,
      connectionWindow: flow.connectionWindow,
      streamWindow: flow.streamWindow,
      acceptEncoding: compression.acceptEncoding,
    });
    this.#connectionWindow = flow.connectionWindow;
    // The client's end of its side is a half-close: its calls still get their answers.
    this.#connectionOptions = {
      allowHalfOpen: true,
      outputHighWaterMark: flow.outputHighWaterMark,
      writeStallTimeoutMs: parsed.writeStallTimeoutMs,
    };
    this.#timeouts = {
      firstFrameTimeoutMs: parsed.firstFrameTimeoutMs,
      idleTimeoutMs: parsed.idleTimeoutMs,
    };
    this.#age = {
      maxConnectionAgeMs: parsed.maxConnectionAgeMs,
      maxConnectionAgeJitter: parsed.maxConnectionAgeJitter,
      maxConnectionAgeGraceMs: parsed.maxConnectionAgeGraceMs,
    };
    this.#interceptors =
      parsed.resultCache === undefined
        ? parsed.interceptors
        : [...parsed.interceptors, this.#resultCache(parsed.resultCache).interceptor];
    this.#settings = {
      registry: this.#registry,
      timers: rpcTimers(),
      exposeErrorStack: parsed.exposeErrorStack,
      limiter: new CallLimiter(parsed),
      // A client that keeps within the per-connection limit never meets this one.
      maxDeferredRequests: parsed.maxConcurrentCallsPerConnection ?? DEFAULT_MAX_DEFERRED_REQUESTS,
      streamWindow: flow.streamWindow,
      maxPayload: DEFAULT_MAX_FRAME_SIZE - HEADER_SIZE,
      heartbeat: parsed.heartbeat,
      counters: this.#counters,
      compression,
    };
    this.#host = {
      settings: this.#settings,
      handshake: this.#handshake,
      timeouts: this.#timeouts,
      age: this.#age,
      drains: this.#drains,
      sessions: this.#sessions,
      closedTotals: this.#closedTotals,
      report: (event) => this.#report(event),
    };
    const gateway = parsed.protocols.length === 0 ? undefined : new ServerGateway(this.#settings);
    this.#protocols =
      gateway === undefined ? [] : parsed.protocols.map((protocol) => protocol(gateway));
  }

  #resultCache(bounds: ResultCacheBounds): ResultCache {
    return new ResultCache(bounds, (method, value) => {
      const definition = this.#registry.lookup(method)?.definition;
      return definition === undefined ? 0 : definition.responseType.encode(value).finish().length;
    });
  }

  /** Registers `implementation` for `service`; see {@link ServiceRegistry.add}. */
  addService<S>(service: ServiceDefinition<S>, implementation: ServiceImplementation<S>): this {
    const adapted = this.#messages.service(service);
    this.#registry.add(
      adapted,
      this.#interceptors.length === 0
        ? implementation
        : interceptImplementation(implementation, this.#interceptors, adapted.methods),
    );
    return this;
  }

  /**
   * Definitions of every method registered so far, in the order they were added (what server
   * reflection describes). A fresh list each read: services added later show in the next one.
   */
  get methods(): readonly MethodDefinition[] {
    const found: MethodDefinition[] = [];
    for (const path of this.#registry.paths()) {
      const method = this.#registry.lookup(path);
      if (method !== undefined) found.push(method.definition);
    }
    return found;
  }

  /** Connections open right now. */
  get connections(): number {
    return this.#connections.size;
  }

  /**
   * A snapshot of the server's activity: connections, calls in flight and put aside, socket
   * bytes, calls started and finished, flow-control stalls. Counting costs integer increments
   * where the calls pass anyway; this sums the open connections' counters when asked.
   */
  stats(): ServerStats {
    let callsInFlight = 0;
    let queuedCalls = 0;
    let { bytesIn, bytesOut, flowControlStalls } = this.#closedTotals;
    let connections = this.#connections.size;
    for (const protocol of this.#protocols) {
      connections += protocol.connections;
      callsInFlight += protocol.callsInFlight;
    }
    for (const [session, connection] of this.#sessions) {
      callsInFlight += session.callsInFlight;
      queuedCalls += session.deferredRequests;
      bytesIn += connection.connection.stats.bytesRead;
      bytesOut += connection.connection.stats.bytesWritten;
      flowControlStalls += session.stalls;
    }
    return {
      connections,
      callsInFlight,
      queuedCalls,
      bytesIn,
      bytesOut,
      callsStarted: this.#counters.callsStarted,
      callsFinished: this.#counters.callsFinished,
      flowControlStalls,
    };
  }

  /**
   * Calls `handler` when a connection is dropped because of its peer: malformed frames, an
   * unknown protocol version. The server keeps serving every other connection.
   */
  onConnectionError(handler: (event: ConnectionErrorEvent) => void): this {
    this.#errorHandlers.push(handler);
    return this;
  }

  /**
   * Starts listening on `endpoint` (`{ host, port }` with port 0 for any free port, or
   * `{ path }` for a Unix socket; `tls` for TLS or, with `requestCert`, mutual TLS). Resolves
   * with the endpoint actually bound (with the port the system picked).
   */
  listen(endpoint: ServerEndpoint & { readonly path: string }): Promise<BoundEndpoint>;
  listen(endpoint: ServerEndpoint & { readonly port: number }): Promise<BoundTcpEndpoint>;
  listen(endpoint: ServerEndpoint): Promise<BoundEndpoint>;
  async listen(endpoint: ServerEndpoint): Promise<BoundEndpoint> {
    parseOptions(endpointSchema, endpoint, 'listen');
    if (this.#closed) throw new RpcError(Status.UNAVAILABLE, 'the server is closed');
    const protocols = this.#protocols;
    const shared =
      protocols.length === 0
        ? {}
        : {
            divert: protocolDivert(protocols, () => this.#closed || this.#draining),
            ...(endpoint.tls === undefined
              ? {}
              : { tls: withProtocolAlpn(endpoint.tls, protocols) }),
          };
    const listener = await Listener.listen(
      {
        ...endpoint,
        ...shared,
        timers: this.#settings.timers,
        connection: this.#connectionOptions,
      },
      (connection) =>
        this.#accept(
          new FramedConnection(connection, { connectionWindow: this.#connectionWindow }),
        ),
    );
    const bound: BoundEndpoint =
      endpoint.path !== undefined
        ? { ...endpoint, path: endpoint.path }
        : { ...endpoint, host: endpoint.host ?? '127.0.0.1', port: listener.port ?? 0 };
    this.#listeners.push({ endpoint: bound, listener });
    return bound;
  }

  /**
   * Stops listening and closes every connection; calls in flight are halted (their `finally`
   * blocks run) and their clients see the connection go.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Calls learn why they stop (their signal aborts) before their coroutines are halted.
    const closing = new RpcError(Status.UNAVAILABLE, 'the server is closing');
    for (const session of this.#sessions.keys()) session.close(closing);
    await Promise.all([
      ...[...this.#connections].map((task) => task.halt()),
      ...this.#protocols.map((protocol) => protocol.close()),
    ]);
    await Promise.all(this.#listeners.map(({ listener }) => listener.stop()));
  }

  /**
   * Calls `listener` when a graceful {@link Server.shutdown} begins, before the drain: until every
   * listener's promise settles the server still accepts connections and calls, so that what a
   * listener announces (health's NOT_SERVING) reaches load balancers and probes before they are
   * refused. A listener that fails does not stop the shutdown; {@link Server.close} calls none.
   */
  onShutdown(listener: () => void | PromiseLike<void>): this {
    this.#shutdownListeners.push(listener);
    return this;
  }

  /**
   * Shuts down gracefully: first the {@link Server.onShutdown} listeners run (the server serves
   * as before until they are done); then new connections are refused; every connection gets a
   * GOAWAY naming the last request id accepted, so later requests fail at once with UNAVAILABLE
   * (clients send them on a new connection); the calls already running have `drainTimeoutMs` to
   * finish, after which the server {@link Server.close | closes} and halts the rest. A second
   * call while one is under way closes at once.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { drainTimeoutMs } = parseOptions(shutdownOptionsSchema, options, 'shutdown');
    if (this.#shutdownBegun || this.#closed) {
      await this.close();
      return;
    }
    this.#shutdownBegun = true;
    await Promise.allSettled(
      this.#shutdownListeners.map(async (listener) => {
        await listener();
      }),
    );
    if (!this.#closed) {
      this.#draining = true;
      for (const drain of this.#drains) drain.begin();
      for (const protocol of this.#protocols) protocol.drain();
      const timers = this.#settings.timers;
      const giveUpAt = timers.now() + drainTimeoutMs;
      const idle = (): boolean =>
        [...this.#drains].every((drain) => drain.idle) &&
        // A protocol's connections close once their answers are out (HTTP/2 after its GOAWAY):
        // closing the server before then would cut answers already given.
        this.#protocols.every((protocol) => protocol.connections === 0);
      while (timers.now() < giveUpAt && !idle()) {
        await new Promise<void>((resolve) => timers.add(DRAIN_POLL_MS, resolve));
      }
    }
    await this.close();
  }

  #accept(connection: FramedConnection): void {
    if (this.#closed || this.#draining) {
      connection.close();
      return;
    }
    const task = run(() => serveConnection(connection, this.#host));
    this.#connections.add(task);
    const forget = (): void => {
      this.#connections.delete(task);
    };
    task.promise.then(forget, forget);
  }

  #report(event: ConnectionErrorEvent): void {
    for (const handler of this.#errorHandlers) handler(event);
  }

  /** Where the server listens, as people read it. */
  get addresses(): string[] {
    return this.#listeners.map(({ endpoint }) => describeEndpoint(endpoint));
  }
}
