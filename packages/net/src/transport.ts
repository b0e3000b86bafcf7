import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** A byte stream a {@link Connection} runs over: a `net.Socket`, a `tls.TLSSocket`, or any Duplex. */
export type Transport = Duplex &
  Partial<Pick<Socket, 'setNoDelay' | 'setKeepAlive' | 'resetAndDestroy' | 'remoteAddress'>> &
  Partial<Pick<Socket, 'remotePort' | 'localAddress' | 'localPort'>>;

/** The peer's address (`host:port`, or `peer` when unknown), for messages and logs. */
export function describeAddress(socket: Transport): string {
  const host = socket.remoteAddress;
  if (host === undefined) return 'peer';
  return socket.remotePort === undefined ? host : `${host}:${socket.remotePort}`;
}
