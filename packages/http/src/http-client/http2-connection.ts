import { type ClientHttp2Session, connect as http2Connect } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type ClientEndpoint, RpcError, Status, type TransportTraffic } from '@yrpc/rpc';
import { SocketTraffic } from './socket-traffic.js';

/** Where the calls of a client transport go, as HTTP names it. */
export interface HttpTarget {
  /** `host:port` (or the socket path), for error messages. */
  readonly address: string;
  /** The `:authority` (`Host`) of each request. */
  readonly authority: string;
  readonly scheme: 'http' | 'https';
}

/** The HTTP target of a client's endpoint (a Unix socket's authority is `localhost`). */
export function httpTarget(endpoint: ClientEndpoint): HttpTarget {
  const host = endpoint.host ?? '127.0.0.1';
  return {
    address: endpoint.path ?? `${host}:${endpoint.port}`,
    authority:
      endpoint.path !== undefined
        ? 'localhost'
        : `${host.includes(':') ? `[${host}]` : host}:${endpoint.port}`,
    scheme: endpoint.tls !== undefined ? 'https' : 'http',
  };
}

/**
 * The one HTTP/2 connection of a client transport (gRPC, Connect): opened on the first call and
 * again after it is lost or told to go away; TCP_NODELAY, TLS with ALPN `h2` when the endpoint
 * has TLS settings. An idle connection does not keep the process alive; one with calls does.
 */
export class Http2Connection {
  readonly #endpoint: ClientEndpoint;
  readonly #target: HttpTarget;
  readonly #connectTimeoutMs: number;
  #session: ClientHttp2Session | undefined;
  /** Calls in flight: while there are any, the connection keeps the process alive. */
  #active = 0;
  readonly #traffic = new SocketTraffic();

  constructor(endpoint: ClientEndpoint, connectTimeoutMs: number) {
    this.#endpoint = endpoint;
    this.#target = httpTarget(endpoint);
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  /** Whether a connection is open and takes calls. */
  get connected(): boolean {
    const session = this.#session;
    return session !== undefined && !session.connecting && usable(session);
  }

  /** The session a new call goes on, kept referenced until {@link Http2Connection.release}. */
  acquire(): ClientHttp2Session {
    const session = this.#usableSession();
    if (this.#active++ === 0) session.ref();
    return session;
  }

  /** A call of {@link Http2Connection.acquire} is over. */
  release(): void {
    if (--this.#active === 0 && this.#session !== undefined) this.#session.unref();
  }

  /** The bytes this transport's connections carried, both ways. */
  traffic(): TransportTraffic {
    return this.#traffic.totals();
  }

  /** Opens the connection now; rejects with UNAVAILABLE. */
  async connect(): Promise<void> {
    const session = this.#usableSession();
    if (!session.connecting) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        session.off('connect', onConnect);
        reject(
          new RpcError(
            Status.UNAVAILABLE,
            `cannot connect to ${this.#target.address}: ${error.message}`,
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

  /** Destroys the connection (the calls still open were cancelled by the client first). */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session === undefined || session.destroyed) return;
    await new Promise<void>((resolve) => {
      session.once('close', resolve);
      session.destroy();
    });
  }

  /** The open session, or a new one when there is none or it is going away. */
  #usableSession(): ClientHttp2Session {
    const current = this.#session;
    if (current !== undefined && usable(current)) return current;
    const endpoint = this.#endpoint;
    const target = this.#target;
    const session = http2Connect(`${target.scheme}://${target.authority}`, {
      createConnection: () => this.#traffic.track(openSocket(endpoint, ['h2'])),
    });
    session.on('error', noop);
    const timeoutMs = this.#connectTimeoutMs;
    session.setTimeout(timeoutMs, () => {
      if (session.connecting) session.destroy(new Error(`no connection within ${timeoutMs} ms`));
    });
    session.once('connect', () => session.setTimeout(0));
    const forget = () => {
      if (this.#session === session) this.#session = undefined;
    };
    session.once('goaway', forget);
    session.once('close', forget);
    if (this.#active === 0) session.unref();
    this.#session = session;
    return session;
  }
}

/**
 * A socket to `endpoint`: its Unix socket, or TCP with TCP_NODELAY (small calls must leave at
 * once: Nagle's algorithm would hold them for the peer's ACK), wrapped in TLS offering `alpn`
 * when the endpoint has TLS settings.
 */
export function openSocket(endpoint: ClientEndpoint, alpn: readonly string[]) {
  if (endpoint.path !== undefined) return netConnect({ path: endpoint.path });
  const target = { host: endpoint.host ?? '127.0.0.1', port: endpoint.port ?? 0, noDelay: true };
  const tls = endpoint.tls;
  if (tls === undefined) return netConnect(target);
  return tlsConnect({ ...target, ...tlsOptionsOf(tls), ALPNProtocols: [...alpn] });
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

function noop(): void {}
