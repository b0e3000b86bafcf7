import type { Socket } from 'node:net';
import type { TransportTraffic } from '@yrpc/rpc';

/**
 * The bytes read and written on a client transport's sockets, the closed ones included: a
 * socket's counters vanish with it, so each is added to the totals when it closes.
 */
export class SocketTraffic {
  readonly #open = new Set<Socket>();
  #closedIn = 0;
  #closedOut = 0;

  /** Counts `socket` from now on; returns it. */
  track<S extends Socket>(socket: S): S {
    this.#open.add(socket);
    socket.once('close', () => {
      this.#open.delete(socket);
      this.#closedIn += socket.bytesRead;
      this.#closedOut += socket.bytesWritten;
    });
    return socket;
  }

  /** Everything the tracked sockets carried so far. */
  totals(): TransportTraffic {
    let bytesIn = this.#closedIn;
    let bytesOut = this.#closedOut;
    for (const socket of this.#open) {
      bytesIn += socket.bytesRead;
      bytesOut += socket.bytesWritten;
    }
    return { bytesIn, bytesOut };
  }
}
