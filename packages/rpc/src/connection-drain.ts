import { type Frame, type FramedConnection, FrameType, RpcError, Status } from '@yrpc/protocol';

/** What a drain needs to know of the connection's calls. */
export interface DrainedSession {
  /** Calls still running on the connection. */
  readonly activeCalls: number;
}

/**
 * The graceful shutdown of one server connection: a GOAWAY naming the last request id the
 * server accepted, after which the calls already running finish and every later REQUEST is
 * answered at once with UNAVAILABLE (it was not processed, so the client may send it elsewhere).
 */
export class ConnectionDrain {
  readonly #connection: FramedConnection;
  readonly #session: DrainedSession;
  #lastAcceptedId = -1;

  constructor(connection: FramedConnection, session: DrainedSession) {
    this.#connection = connection;
    this.#session = session;
  }

  /** Whether the GOAWAY was sent. */
  get draining(): boolean {
    return this.#lastAcceptedId >= 0;
  }

  /** Whether no call runs any more on the connection. */
  get idle(): boolean {
    return this.#session.activeCalls === 0;
  }

  /** Sends the GOAWAY (once): no call with a higher id than the last one received will run. */
  begin(): void {
    if (this.draining) return;
    const connection = this.#connection;
    this.#lastAcceptedId = connection.lastRequestId;
    try {
      connection.encoder.writeGoAway(connection.beginWrite(), this.#lastAcceptedId, {
        message: 'the server is shutting down',
      });
    } catch {
      // The connection no longer takes writes: it is closing anyway.
    }
  }

  /**
   * Looks at every frame before it is handled; returns true for a REQUEST that arrived after the
   * GOAWAY, which it has answered with UNAVAILABLE and which must not be handled.
   */
  screen(frame: Frame): boolean {
    if (!this.draining || frame.type !== FrameType.REQUEST) return false;
    const connection = this.#connection;
    connection.encoder.writeError(
      connection.beginWrite(),
      frame.id,
      new RpcError(
        Status.UNAVAILABLE,
        `the server is shutting down and sent GOAWAY after request ${this.#lastAcceptedId}: request ${frame.id} was not processed, send it on a new connection`,
      ),
    );
    return true;
  }
}
