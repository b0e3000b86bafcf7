import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import {
  CoroutineError,
  Interest,
  type InterestSet,
  type Operation,
  type PollSource,
  spawn,
  suspend,
  type TimerQueue,
} from '@yrpc/poller';
import { Connection } from './connection.js';
import {
  acceptsConnectionOptions,
  type ConnectionOptions,
  connectionOptionsSchema,
  resolveConnectionOptions,
} from './connection-options.js';
import { defaultTimers } from './default-timers.js';
import { NetError } from './net-error.js';
import {
  hasOneEndpoint,
  integerIn,
  isObject,
  matchesRules,
  nonEmptyString,
  oneEndpointIssue,
} from './option-check.js';
import { lazySchema, parseOptions } from './parse-options.js';
import { ReadinessWatchers } from './readiness-watchers.js';
import { routeSocket, type SocketDivert } from './socket-divert.js';
import { toNetError } from './socket-error.js';
import { type TlsServerOptions, tlsServerOptionsSchema } from './tls-options.js';
import type { Waiter } from './waiter.js';

/** Where and how a {@link Listener} listens: `port` (+ `host`) for TCP/TLS, or `path` (Unix). */
export interface ListenOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** TCP port; 0 picks a free one (see {@link Listener.port}). */
  readonly port?: number;
  /** Unix domain socket path (instead of host and port). */
  readonly path?: string;
  /** Serve TLS with these settings; `requestCert` + `ca` for mutual TLS. */
  readonly tls?: TlsServerOptions;
  /** Kernel accept backlog. Default 511. */
  readonly backlog?: number;
  /** Connections open at once; more are reset at once and counted in `stats.rejected`. Default unlimited. */
  readonly maxConnections?: number;
  /** Options of every accepted {@link Connection}. */
  readonly connection?: ConnectionOptions;
  /** Timers for the connections' timeouts; default process-wide. */
  readonly timers?: TimerQueue;
  /** Hands sockets of other protocols sharing the port to their owner (see {@link SocketDivert}). */
  readonly divert?: SocketDivert;
}

/** Counters of a {@link Listener}. */
export interface ListenerStats {
  /** Connections accepted and handed over. */
  readonly accepted: number;
  /** Connections refused because `maxConnections` was reached. */
  readonly rejected: number;
  /** TLS handshakes that failed (bad or missing client certificate, protocol errors). */
  readonly handshakeFailures: number;
}

const listenOptionsSchema = lazySchema((z) =>
  z
    .strictObject({
      host: z.string().min(1).optional(),
      port: z.number().int().min(0).max(65535).optional(),
      path: z.string().min(1).optional(),
      tls: tlsServerOptionsSchema().optional(),
      backlog: z.number().int().positive().optional(),
      maxConnections: z.number().int().positive().optional(),
      connection: connectionOptionsSchema().optional(),
      timers: z.custom<TimerQueue>(isObject).optional(),
      divert: z.custom<SocketDivert>(isObject).optional(),
    })
    .refine(hasOneEndpoint, oneEndpointIssue()),
);

// TLS options are left to the schema: a TLS process pays for zod, a plain one does not.
const listenRules = {
  host: nonEmptyString,
  port: integerIn(0, 65535),
  path: nonEmptyString,
  backlog: integerIn(1),
  maxConnections: integerIn(1),
  connection: (value: unknown) => isObject(value) && acceptsConnectionOptions(value),
  timers: isObject,
  divert: isObject,
};

function acceptsListenOptions(input: unknown): boolean {
  if (input === undefined || input === null || !matchesRules(input, listenRules)) return false;
  return hasOneEndpoint(input as ListenOptions);
}

/**
 * Accepts connections on TCP, a Unix domain socket, or TLS (mutual TLS with `requestCert`), and
 * hands each one, wrapped in a {@link Connection}, to the handler set with
 * {@link Listener.onConnection} or to a waiting {@link Listener.whenAccepted} (the primitive a
 * coroutine accept loop parks on). Holds at most `maxConnections` open. {@link Listener.stop}
 * stops accepting and closes open connections gracefully.
 */
export class Listener implements PollSource {
  /** The bound address: `host:port`, or the socket path. */
  readonly address: string;
  /** The bound TCP port (useful with port 0), or undefined for a Unix socket. */
  readonly port: number | undefined;
  /** Counters, updated in place. */
  readonly stats: ListenerStats;

  private readonly server: Server;
  private readonly connectionOptions: ConnectionOptions;
  private readonly timers: TimerQueue;
  private readonly maxConnections: number;
  private readonly divert: SocketDivert | undefined;
  private readonly open = new Set<Connection>();
  // Raw sockets under TLS (tracked until they close), so stop() need not wait out a handshake.
  private readonly handshaking = new Set<Socket>();
  private readonly counters = { accepted: 0, rejected: 0, handshakeFailures: 0 };
  private handler: ((connection: Connection) => void) | undefined;
  private acceptWaiters: Waiter<Connection>[] = [];
  private backlog: Connection[] = [];
  private stopping: Promise<void> | undefined;
  // PollSource: called when readiness may have changed; undefined while nobody watches.
  private readinessChanged: (() => void) | undefined;
  private readinessWatchers: ReadinessWatchers | undefined;

  private constructor(
    server: Server,
    options: ListenOptions,
    address: string,
    port: number | undefined,
  ) {
    this.server = server;
    this.address = address;
    this.port = port;
    this.stats = this.counters;
    this.connectionOptions = options.connection ?? {};
    this.timers = options.timers ?? defaultTimers();
    this.maxConnections = options.maxConnections ?? Number.POSITIVE_INFINITY;
    this.divert = options.divert;
  }

  /**
   * Binds and starts accepting. Rejects with a NetError (`address-in-use`, `invalid-option`,
   * ...) naming the address when binding fails.
   */
  static async listen(
    options: ListenOptions,
    onConnection?: (connection: Connection) => void,
  ): Promise<Listener> {
    const o = parseOptions(listenOptionsSchema, options, 'listen', acceptsListenOptions);
    // Validate connection options once here, not per accepted socket.
    resolveConnectionOptions(options.connection ?? {});
    const tls = options.tls;
    const server =
      tls === undefined
        ? createNetServer({ allowHalfOpen: true, pauseOnConnect: false })
        : // No allowHalfOpen here: a client that hangs up mid-handshake must not leave a
          // half-open socket behind (Connection enables half-open once it owns the socket).
          createTlsServer({
            ...withoutHandshakeTimeout(tls),
            handshakeTimeout: tls.handshakeTimeoutMs ?? 10_000,
          });
    const requested = o.path ?? `${o.host ?? '127.0.0.1'}:${o.port}`;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(toNetError(error, requested, 'listening on'));
      server.once('error', onError);
      const done = (): void => {
        server.off('error', onError);
        resolve();
      };
      if (o.path !== undefined) server.listen({ path: o.path, backlog: o.backlog ?? 511 }, done);
      else
        server.listen(
          { host: o.host ?? '127.0.0.1', port: o.port, backlog: o.backlog ?? 511 },
          done,
        );
    });
    const bound = server.address();
    const port = bound !== null && typeof bound === 'object' ? bound.port : undefined;
    const address = o.path ?? `${o.host ?? '127.0.0.1'}:${port}`;
    const listener = new Listener(server, options, address, port);
    if (onConnection !== undefined) listener.handler = onConnection;
    server.on(tls === undefined ? 'connection' : 'secureConnection', listener.handleSocket);
    if (tls !== undefined) {
      server.on('connection', listener.trackHandshake);
      server.on('tlsClientError', listener.handleTlsClientError);
    }
    // Errors after listening (EMFILE on accept, ...) must not crash the process.
    server.on('error', noop);
    return listener;
  }

  /** Connections currently open. */
  get connectionCount(): number {
    return this.open.size;
  }

  /** True once {@link Listener.stop} was called. */
  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Sets the handler that receives each accepted connection (and any accepted while no handler
   * or waiter was there).
   */
  onConnection(handler: (connection: Connection) => void): void {
    this.handler = handler;
    const queued = this.backlog;
    this.backlog = [];
    for (const connection of queued) handler(connection);
  }

  /**
   * Calls `waiter.resume(connection)` with the next accepted connection, or `waiter.fail` with
   * a NetError `closed` once the listener is stopped. Returns a cancel function.
   */
  whenAccepted(waiter: Waiter<Connection>): () => void {
    const queued = this.backlog.shift();
    if (queued !== undefined) {
      waiter.resume(queued);
      return noop;
    }
    if (this.stopping !== undefined) {
      waiter.fail(this.stoppedError());
      return noop;
    }
    this.acceptWaiters.push(waiter);
    return () => {
      const index = this.acceptWaiters.indexOf(waiter);
      if (index >= 0) this.acceptWaiters.splice(index, 1);
    };
  }

  // ── poll source (epoll-style readiness for a Poller) ──────────────────

  /**
   * What the listener is ready for now, as `Interest` bits (level-triggered): `Accept` while
   * accepted connections wait in its queue — those no {@link Listener.onConnection} handler and
   * no waiting {@link Listener.accept} took — and `Closed` once {@link Listener.stop} was called.
   * Take them with {@link Listener.tryAccept} (or `accept()`, which returns at once then).
   */
  pollReadiness(): InterestSet {
    let level = 0;
    if (this.backlog.length > 0) level |= Interest.Accept;
    if (this.stopping !== undefined) level |= Interest.Closed;
    return level;
  }

  /**
   * Calls `onChange` whenever readiness may have changed (a connection queued, the listener
   * stopped) until the returned function is called. What a Poller registration uses.
   */
  watchReadiness(onChange: () => void): () => void {
    this.readinessWatchers ??= new ReadinessWatchers((notify) => {
      this.readinessChanged = notify;
    });
    return this.readinessWatchers.add(onChange);
  }

  /** Takes the oldest queued connection without waiting; `undefined` when none is queued. */
  tryAccept(): Connection | undefined {
    return this.backlog.shift();
  }

  /** Waits for the next accepted connection; throws a NetError `closed` once stopped. */
  *accept(): Operation<Connection> {
    const queued = this.backlog.shift();
    if (queued !== undefined) return queued;
    return yield* suspend<Connection>((resumer) => this.whenAccepted(resumer));
  }

  /**
   * The accept loop: runs `handler` in a coroutine of its own for each accepted connection,
   * as children of the calling coroutine. A handler that throws aborts its connection (and only
   * it); when a handler returns, its connection is closed gracefully. Returns when the listener
   * is stopped; halting the loop halts the handlers and stops the listener.
   */
  *serve(handler: (connection: Connection) => Operation<void>): Operation<void> {
    try {
      for (;;) {
        let connection: Connection;
        try {
          connection = yield* this.accept();
        } catch (error) {
          if (this.stopping !== undefined) return;
          throw error;
        }
        yield* spawn(function* (): Operation<void> {
          try {
            yield* handler(connection);
          } catch (error) {
            // Halted with the loop: not the handler's failure; `finally` closes gracefully.
            if (error instanceof CoroutineError && error.code === 'halted') throw error;
            connection.abort(
              new NetError(
                'io',
                `handler of the connection from ${connection.remoteAddress} failed`,
                {
                  address: connection.remoteAddress,
                  cause: error,
                },
              ),
            );
          } finally {
            connection.close();
          }
        });
      }
    } finally {
      void this.stop();
    }
  }

  /**
   * Stops accepting, then closes open connections: gracefully (flush, end, wait for the peer)
   * for up to `timeoutMs`, after which the rest are aborted. Resolves when all are closed and
   * the listening socket is released.
   */
  stop(timeoutMs = 5000): Promise<void> {
    this.stopping ??= this.shutDown(timeoutMs);
    if (this.readinessChanged !== undefined) this.readinessChanged();
    return this.stopping;
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const waiters = this.acceptWaiters;
    this.acceptWaiters = [];
    for (const waiter of waiters) waiter.fail(this.stoppedError());
    const connections = [...this.open, ...this.backlog];
    this.backlog = [];
    for (const connection of connections) connection.close();
    const all = Promise.all(connections.map((connection) => connection.closed));
    let timer = 0;
    const timedOut = new Promise<void>((resolve) => {
      timer = this.timers.add(timeoutMs, resolve);
      this.timers.ref(timer);
    });
    await Promise.race([all, timedOut]);
    this.timers.cancel(timer);
    for (const connection of connections) connection.abort();
    // Sockets still in their TLS handshake would otherwise hold the server open until it times out.
    for (const socket of this.handshaking) socket.destroy();
    await all;
    await closed;
  }

  private stoppedError(): NetError {
    return new NetError('closed', `listener on ${this.address} is stopped`, {
      address: this.address,
    });
  }

  private readonly handleSocket = (socket: Socket): void => {
    // For TLS this is the TLSSocket; the raw socket under it stays tracked until it closes.
    if (this.stopping !== undefined || this.open.size >= this.maxConnections) {
      if (this.stopping === undefined) this.counters.rejected++;
      socket.on('error', noop);
      socket.destroy();
      return;
    }
    const divert = this.divert;
    if (divert !== undefined) {
      // Tracked like a TLS handshake until it is told apart, so stop() need not wait for it.
      this.handshaking.add(socket);
      socket.once('close', () => this.handshaking.delete(socket));
      routeSocket(socket, divert, (routed, diverted, head) => {
        this.handshaking.delete(routed);
        if (this.stopping !== undefined) routed.destroy();
        else if (diverted) divert.divert(routed, head);
        else {
          this.adopt(routed);
          // Left paused by the routing; a Connection reads in flowing mode.
          routed.resume();
        }
      });
      return;
    }
    this.adopt(socket);
  };

  /** Wraps an accepted socket in a Connection and hands it on. */
  private readonly adopt = (socket: Socket): void => {
    let connection: Connection;
    try {
      connection = new Connection(socket, this.connectionOptions, this.timers);
    } catch {
      socket.destroy();
      return;
    }
    this.counters.accepted++;
    this.open.add(connection);
    connection.onClose(() => this.open.delete(connection));
    const waiter = this.acceptWaiters.shift();
    if (waiter !== undefined) {
      waiter.resume(connection);
    } else if (this.handler !== undefined) {
      try {
        this.handler(connection);
      } catch (error) {
        connection.abort(
          new NetError('io', `connection handler of ${this.address} threw`, {
            address: this.address,
            cause: error,
          }),
        );
      }
    } else {
      this.backlog.push(connection);
      if (this.readinessChanged !== undefined) this.readinessChanged();
    }
  };

  private readonly trackHandshake = (socket: Socket): void => {
    this.handshaking.add(socket);
    socket.once('close', () => this.handshaking.delete(socket));
  };

  private readonly handleTlsClientError = (_error: Error, socket: Socket): void => {
    this.counters.handshakeFailures++;
    socket.destroy();
  };
}

function noop(): void {}

/** `tls` as node:tls names its options. */
function withoutHandshakeTimeout(tls: TlsServerOptions): TlsOptions {
  const { handshakeTimeoutMs: _ignored, alpnProtocols, ...rest } = tls;
  return (
    alpnProtocols === undefined ? rest : { ...rest, ALPNProtocols: [...alpnProtocols] }
  ) as TlsOptions;
}
