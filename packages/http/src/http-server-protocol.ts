import { createServer as createHttp1Server, type Server as Http1Server } from 'node:http';
import {
  constants,
  createServer as createHttp2Server,
  type Http2Server,
  type Http2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { Socket } from 'node:net';
import {
  type CallGateway,
  type GatewayConnection,
  type HandedConnection,
  RpcError,
  type ServerProtocol,
  Status,
} from '@yrpc/rpc';
import type { CorsPolicy } from './cors/cors-policy.js';
import { ExchangeRouter, type ProtocolHandlers } from './exchange/exchange-router.js';
import { Http1Exchange } from './exchange/http1-exchange.js';
import { Http2Exchange } from './exchange/http2-exchange.js';

/** The connection preface every HTTP/2 client sends first (RFC 9113, 3.4). */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Request methods an HTTP/1.1 request line may open with, as the protocols use them. */
const HTTP1_METHODS = ['GET ', 'POST ', 'PUT ', 'OPTIONS ', 'HEAD ', 'DELETE ', 'PATCH '].map(
  (method) => Buffer.from(method, 'latin1'),
);

/** Settings of the HTTP side of a server. */
export interface HttpServerSettings {
  /** Streams one HTTP/2 connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS). */
  readonly maxConcurrentStreams: number;
  /** How long an HTTP/1.1 connection may stay idle between requests, in ms. */
  readonly keepAliveTimeoutMs: number;
  /**
   * An HTTP/2 connection with no call running and no frame for this long (ms) is closed; this
   * also ends a connection whose peer broke HTTP/2 (Node answers it with a GOAWAY and then waits
   * for the peer to leave).
   */
  readonly idleTimeoutMs: number;
  /** Browsers' cross-origin calls: answered preflights and CORS headers (none when absent). */
  readonly cors?: CorsPolicy | undefined;
}

/**
 * gRPC, gRPC-Web and Connect as a {@link ServerProtocol}: connections that open with the HTTP/2
 * preface (or agree on `h2` in TLS) go to Node's HTTP/2 server, those that open with an HTTP/1.1
 * request line (or agree on `http/1.1`) to its HTTP/1.1 server; every request is routed by its
 * content type to the handler of its protocol, and its call runs through the server's gateway
 * among the calls of its connection.
 */
export class HttpServerProtocol implements ServerProtocol {
  readonly name = 'http';
  readonly alpn = ['h2', 'http/1.1'] as const;
  readonly #gateway: CallGateway;
  readonly #router: ExchangeRouter;
  readonly #http2: Http2Server;
  readonly #http1: Http1Server;
  readonly #sockets = new Set<Socket>();
  readonly #sessions = new Set<Http2Session>();
  readonly #idleTimeoutMs: number;
  /** The calls of each connection (HTTP/2 session or HTTP/1.1 socket). */
  readonly #calls = new Map<object, GatewayConnection>();
  #draining = false;

  constructor(gateway: CallGateway, handlers: ProtocolHandlers, settings: HttpServerSettings) {
    this.#gateway = gateway;
    this.#router = new ExchangeRouter(handlers, settings.cors);
    this.#idleTimeoutMs = settings.idleTimeoutMs;
    this.#http2 = createHttp2Server({
      settings: { maxConcurrentStreams: settings.maxConcurrentStreams },
    });
    this.#http2.on('session', (session) => this.#openSession(session));
    this.#http2.on('stream', (stream, headers) => this.#onStream(stream, headers));
    this.#http2.on('sessionError', noop);
    this.#http1 = createHttp1Server(
      { keepAliveTimeout: settings.keepAliveTimeoutMs },
      (request, response) => {
        const socket = request.socket;
        const calls = this.#callsOf(socket, describePeer(socket));
        if (this.#draining) response.setHeader('connection', 'close');
        // A keep-alive connection whose request was running when the drain began closes once
        // its answer is out, rather than when its keep-alive runs out.
        response.once('finish', () => {
          if (this.#draining) socket.end();
        });
        this.#router.route(new Http1Exchange(request, response, describePeer(socket)), calls);
      },
    );
    this.#http1.on('clientError', (_error, socket: Socket) => {
      // A request that does not parse gets 400, and its connection closes.
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  detect(head: Uint8Array): boolean | undefined {
    const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
    if (startsLike(bytes, HTTP2_PREFACE))
      return bytes.length >= HTTP2_PREFACE.length ? true : undefined;
    let undecided = false;
    for (const method of HTTP1_METHODS) {
      if (startsLike(bytes, method)) {
        if (bytes.length >= method.length) return true;
        undecided = true;
      }
    }
    return undecided ? undefined : false;
  }

  accept(socket: Socket, connection: HandedConnection): void {
    this.#sockets.add(socket);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      // After the exchanges heard of it: an HTTP/1.1 client that left at its deadline has its
      // call end as DEADLINE_EXCEEDED (the exchange's abort says so), not as a lost connection.
      setImmediate(() => this.#closeCalls(socket, 'the connection closed'));
    });
    socket.on('error', noop);
    // Small answers must leave at once: Nagle's algorithm would hold them for the peer's ACK.
    socket.setNoDelay(true);
    const head = Buffer.from(
      connection.head.buffer,
      connection.head.byteOffset,
      connection.head.byteLength,
    );
    const http2 =
      connection.alpn === 'h2' ||
      (connection.alpn !== 'http/1.1' && startsLike(head, HTTP2_PREFACE));
    // The listener left the socket paused, its first bytes put back. The HTTP/2 session takes
    // the bytes put back itself and reads the socket's handle directly (a flowing socket would
    // hand it the preface twice); the HTTP/1.1 parser reads the stream, so it is resumed.
    if (http2) {
      this.#http2.emit('connection', socket);
    } else {
      this.#http1.emit('connection', socket);
      socket.resume();
    }
  }

  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    // HTTP/2: a GOAWAY naming the last stream taken (so the client knows which of its streams
    // will be answered and sends the others elsewhere); the streams open go on, and the session
    // closes when they are done.
    for (const session of this.#sessions) goAway(session);
    this.#http1.closeIdleConnections();
  }

  get callsInFlight(): number {
    let calls = 0;
    for (const connection of this.#calls.values()) calls += connection.callsInFlight;
    return calls;
  }

  get connections(): number {
    return this.#sockets.size;
  }

  async close(): Promise<void> {
    this.#draining = true;
    const reason = new RpcError(Status.UNAVAILABLE, 'the server is closing');
    for (const [key, calls] of this.#calls) {
      calls.close(reason);
      this.#calls.delete(key);
    }
    const closed = [...this.#sockets].map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
    for (const session of this.#sessions) session.destroy();
    for (const socket of this.#sockets) socket.destroy();
    await Promise.all(closed);
  }

  #openSession(session: Http2Session): void {
    this.#sessions.add(session);
    session.on('error', () => session.destroy());
    if (this.#idleTimeoutMs > 0) {
      session.setTimeout(this.#idleTimeoutMs, () => {
        if ((this.#calls.get(session)?.callsInFlight ?? 0) === 0) session.destroy();
      });
    }
    session.once('close', () => {
      this.#sessions.delete(session);
      this.#closeCalls(session, 'the HTTP/2 connection closed');
    });
    if (this.#draining) goAway(session);
  }

  #onStream(
    stream: ServerHttp2Stream,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    const session = stream.session;
    const socket = session?.socket as Socket | undefined;
    const peer = socket === undefined ? 'unknown' : describePeer(socket);
    const calls = this.#callsOf(session ?? stream, peer);
    this.#router.route(new Http2Exchange(stream, headers, peer), calls);
  }

  #callsOf(key: object, peer: string): GatewayConnection {
    let calls = this.#calls.get(key);
    if (calls === undefined) {
      calls = this.#gateway.open(peer);
      this.#calls.set(key, calls);
    }
    return calls;
  }

  #closeCalls(key: object, why: string): void {
    const calls = this.#calls.get(key);
    if (calls === undefined) return;
    this.#calls.delete(key);
    calls.close(new RpcError(Status.CANCELLED, why));
  }
}

/** A graceful GOAWAY, then a close once the session's streams are done. */
function goAway(session: Http2Session): void {
  if (session.closed || session.destroyed) return;
  session.goaway(constants.NGHTTP2_NO_ERROR, session.state.lastProcStreamID ?? 0);
  session.close();
}

/** Whether `bytes` and `prefix` agree over their common length. */
function startsLike(bytes: Buffer, prefix: Buffer): boolean {
  const length = Math.min(bytes.length, prefix.length);
  return bytes.subarray(0, length).equals(prefix.subarray(0, length));
}

function describePeer(socket: Socket): string {
  const address = socket.remoteAddress;
  return address === undefined ? 'unix' : `${address}:${socket.remotePort}`;
}

function noop(): void {}
