import type { Socket } from 'node:net';
import type { CallGateway } from './call-gateway.js';

/** What a {@link ServerProtocol} learns of a connection it is handed. */
export interface HandedConnection {
  /** The peer's address, as the yrpc protocol names it (`host:port`, or the socket path). */
  readonly peer: string;
  /** The application protocol TLS agreed on (ALPN), or `false` (no TLS, or none agreed). */
  readonly alpn: string | false;
  /** The first bytes that were read to detect the protocol (put back; empty when ALPN decided). */
  readonly head: Uint8Array;
}

/**
 * A protocol served beside the yrpc protocol on a {@link Server}'s listeners (the extension point
 * `@yrpc/http` plugs gRPC, gRPC-Web and Connect into). The server reads the first bytes of each
 * connection: the yrpc magic keeps the connection on the yrpc protocol; otherwise the first
 * protocol whose {@link ServerProtocol.detect} says yes is handed the socket, those bytes put
 * back. Under TLS the ALPN id decides instead when the client offered one.
 *
 * Calls reach the server's services through the {@link CallGateway} the protocol was made with:
 * the same handlers, interceptors, deadlines, cancellation, limits and status codes.
 */
export interface ServerProtocol {
  /** What the protocol is called in logs and errors (`grpc+connect`). */
  readonly name: string;
  /** The ALPN ids this protocol serves under TLS, most preferred first (`h2`, `http/1.1`). */
  readonly alpn: readonly string[];
  /**
   * Whether a connection opening with `head` speaks this protocol; `undefined` while more bytes
   * are needed to tell (never more than {@link MAX_DETECTION_BYTES}).
   */
  detect(head: Uint8Array): boolean | undefined;
  /**
   * Serves `socket` (a `net.Socket`, or a `tls.TLSSocket` after its handshake) from now on; the
   * bytes read to detect it were put back. The protocol owns the socket: it closes it.
   */
  accept(socket: Socket, connection: HandedConnection): void;
  /**
   * Graceful shutdown began: new calls are refused (an HTTP/2 GOAWAY), calls in flight go on,
   * and each connection closes once its answers are out. The server's shutdown waits until
   * {@link ServerProtocol.connections} is 0 (or its drain timeout).
   */
  drain(): void;
  /** Calls of this protocol still running (what a graceful shutdown waits for). */
  readonly callsInFlight: number;
  /** Connections of this protocol open now. */
  readonly connections: number;
  /** Closes every connection at once; calls still running are stopped. */
  close(): Promise<void>;
}

/** Makes a {@link ServerProtocol} for one server, from that server's {@link CallGateway}. */
export type ServerProtocolFactory = (gateway: CallGateway) => ServerProtocol;

/** The most bytes any protocol may ask to see before it says whether a connection is its own. */
export const MAX_DETECTION_BYTES = 24;
