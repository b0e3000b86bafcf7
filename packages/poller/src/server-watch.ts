import type { Server, Socket } from 'node:net';
import { CloseWatch } from './close-watch.js';
import { Interest, type InterestSet } from './interest.js';
import type { SourceWatch } from './source-watch.js';

function ignoreError(): void {}

/**
 * Watches a `net.Server` (or `tls.Server`). Node pushes connections; while `Accept` is of
 * interest they queue here until taken with {@link ServerWatch.accept}, which is what makes
 * `Accept` readiness level-like. Connections still queued at detach are destroyed.
 */
export class ServerWatch implements SourceWatch {
  private readonly server: Server;
  private readonly onChange: () => void;
  private readonly backlog: Socket[] = [];
  private taken = 0;
  private readonly closing: CloseWatch;
  private accepting = false;
  private attached = true;
  private readonly connectionEvent: string;
  private readonly onConnection = (socket: Socket): void => {
    // Until taken, a reset must not become an uncaught exception; the taker sees it as errored.
    socket.on('error', ignoreError);
    this.backlog.push(socket);
    this.onChange();
  };

  constructor(server: Server, interests: InterestSet, onChange: () => void, tls: boolean) {
    this.server = server;
    this.onChange = onChange;
    // A TLS server's sockets are worth taking once the handshake is done.
    this.connectionEvent = tls ? 'secureConnection' : 'connection';
    this.closing = new CloseWatch(onChange);
    this.closing.attach(server);
    this.listen(interests);
  }

  level(): InterestSet {
    let level = 0;
    if (this.backlog.length > this.taken) level |= Interest.Accept;
    if (this.closing.closed) level |= Interest.Closed;
    return level;
  }

  error(): unknown {
    return this.closing.failure;
  }

  /** Takes the oldest queued connection, if any. */
  accept(): Socket | undefined {
    if (this.taken >= this.backlog.length) return undefined;
    const socket = this.backlog[this.taken];
    this.backlog[this.taken++] = undefined as unknown as Socket;
    if (this.taken === this.backlog.length) {
      this.backlog.length = 0;
      this.taken = 0;
    }
    socket?.off('error', ignoreError);
    return socket;
  }

  listen(interests: InterestSet): void {
    if (!this.attached) return;
    const wantAccept = (interests & Interest.Accept) !== 0;
    if (wantAccept === this.accepting) return;
    this.accepting = wantAccept;
    if (wantAccept) this.server.on(this.connectionEvent, this.onConnection);
    else this.server.off(this.connectionEvent, this.onConnection);
  }

  detach(): void {
    if (!this.attached) return;
    this.listen(0);
    this.attached = false;
    this.closing.detach(this.server);
    for (let socket = this.accept(); socket !== undefined; socket = this.accept()) socket.destroy();
  }
}
