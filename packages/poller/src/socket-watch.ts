import type { Socket } from 'node:net';
import { CloseWatch } from './close-watch.js';
import { Interest, type InterestSet } from './interest.js';
import type { SourceWatch } from './source-watch.js';

interface ReadableStateView {
  _readableState?: { ended?: boolean };
}

/**
 * Watches a `net.Socket` (or `tls.TLSSocket`). Listening for `Readable` puts the socket in paused
 * mode ('readable' events): the poller never consumes bytes, the owner reads with
 * `socket.read()`. An 'error' listener is always attached, so socket errors arrive as `Closed`
 * readiness with an `error` instead of being thrown as uncaught exceptions.
 */
export class SocketWatch implements SourceWatch {
  private readonly socket: Socket;
  private readonly onChange: () => void;
  private readonly closing: CloseWatch;
  private readableListening = false;
  private writableListening = false;
  private attached = true;

  constructor(socket: Socket, interests: InterestSet, onChange: () => void) {
    this.socket = socket;
    this.onChange = onChange;
    this.closing = new CloseWatch(onChange);
    this.closing.attach(socket);
    socket.on('end', onChange);
    this.listen(interests);
  }

  level(): InterestSet {
    const socket = this.socket;
    let level = 0;
    // `ended` (internal, long-stable) says EOF arrived before the owner read up to it; the public
    // `readableEnded` only turns true once 'end' was emitted.
    const ended =
      socket.readableEnded || (socket as unknown as ReadableStateView)._readableState?.ended;
    if (socket.readableLength > 0 || ended === true) level |= Interest.Readable;
    if (!socket.pending && socket.writable && !socket.writableNeedDrain) level |= Interest.Writable;
    if (this.closing.closed || socket.destroyed) level |= Interest.Closed;
    return level;
  }

  error(): unknown {
    return this.closing.failure ?? this.socket.errored ?? undefined;
  }

  listen(interests: InterestSet): void {
    if (!this.attached) return;
    const socket = this.socket;
    const wantReadable = (interests & Interest.Readable) !== 0;
    if (wantReadable !== this.readableListening) {
      this.readableListening = wantReadable;
      if (wantReadable) socket.on('readable', this.onChange);
      else socket.off('readable', this.onChange);
    }
    const wantWritable = (interests & Interest.Writable) !== 0;
    if (wantWritable !== this.writableListening) {
      this.writableListening = wantWritable;
      const method = wantWritable ? 'on' : 'off';
      socket[method]('connect', this.onChange);
      socket[method]('secureConnect', this.onChange);
      socket[method]('drain', this.onChange);
    }
  }

  detach(): void {
    if (!this.attached) return;
    this.listen(0);
    this.attached = false;
    const socket = this.socket;
    this.closing.detach(socket);
    socket.off('end', this.onChange);
  }
}
