import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * Takes accepted sockets of other protocols away from a {@link Listener} before they become
 * Connections, so that several protocols share one port. The listener looks at each socket's
 * first bytes (or, under TLS, at the ALPN id the client and server agreed on) and keeps it or
 * hands it to {@link SocketDivert.divert}, with the bytes it read put back.
 */
export interface SocketDivert {
  /**
   * Under TLS: the ALPN id agreed on decides, without reading. `true` hands the socket over,
   * `false` keeps it, `undefined` (no id agreed, or one this does not know) looks at the bytes.
   */
  byAlpn(alpn: string): boolean | undefined;
  /** Whether a socket opening with `head` is handed over; `undefined` while more bytes are needed. */
  byHead(head: Uint8Array): boolean | undefined;
  /**
   * Receives a socket handed over, paused, with the bytes read to tell it apart put back; from
   * now on it owns it (reads it, closes it). `head` holds those bytes (empty when the ALPN id
   * decided).
   */
  divert(socket: Socket, head: Uint8Array): void;
  /** How long a silent socket may wait to be told apart before it is closed. Default 10000 ms. */
  readonly timeoutMs?: number;
  /** The most bytes {@link SocketDivert.byHead} is shown before the socket is kept. Default 64. */
  readonly maxHeadBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const NO_BYTES = new Uint8Array(0);
const DEFAULT_MAX_HEAD_BYTES = 64;

/**
 * Decides whether `socket` is diverted and tells `decided` (with `true`: hand it to
 * `divert.divert`; `false`: keep it). Bytes read to decide are put back (`unshift`) first, and
 * the socket is left paused, so the new owner reads the stream from its first byte. A socket
 * that closes or stays silent first is destroyed, and `decided` is never called.
 */
export function routeSocket(
  socket: Socket,
  divert: SocketDivert,
  decided: (socket: Socket, diverted: boolean, head: Uint8Array) => void,
): void {
  const alpn = (socket as Partial<TLSSocket>).alpnProtocol;
  if (typeof alpn === 'string') {
    const byAlpn = divert.byAlpn(alpn);
    if (byAlpn !== undefined) {
      decided(socket, byAlpn, NO_BYTES);
      return;
    }
  }
  const maxHead = divert.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES;
  const chunks: Buffer[] = [];
  let length = 0;
  const finish = (diverted: boolean): void => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('end', onGone);
    socket.off('close', onGone);
    socket.off('error', onGone);
    socket.pause();
    const head = Buffer.concat(chunks, length);
    if (length > 0) socket.unshift(head);
    decided(socket, diverted, head);
  };
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    length += chunk.length;
    const head = chunks.length === 1 ? chunk : Buffer.concat(chunks, length);
    const byHead = divert.byHead(head);
    if (byHead !== undefined) finish(byHead);
    else if (length >= maxHead) finish(false);
  };
  const onGone = (): void => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.destroy();
  };
  const timer = setTimeout(onGone, divert.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  timer.unref?.();
  socket.on('data', onData);
  socket.once('end', onGone);
  socket.once('close', onGone);
  socket.on('error', onGone);
}
