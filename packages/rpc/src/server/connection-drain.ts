import { type Frame, type FramedConnection, FrameType, RpcError, Status } from '@yrpc/protocol';
import { debug, debugEnabled } from '../connection/debug-log.js';

/** What a drain needs to know of the connection's calls. */
export interface DrainedSession {
  /** Calls still running on the connection. */
  readonly activeCalls: number;
}

/** The PING id of the round trip between the two GOAWAYs (heartbeat PINGs count up from 1). */
const DRAIN_PING_ID = 0xffff_fff0;

/** Why a connection drains when nothing else is said: the server's graceful shutdown. */
const SHUTTING_DOWN = 'the server is shutting down';

/**
 * The graceful shutdown of one server connection, in the two phases of PROTOCOL.md section 8: a
 * GOAWAY with DRAIN and a PING; when the PONG comes back (every REQUEST the client sent before it
 * saw the DRAIN has arrived), the final GOAWAY naming the last request id accepted. Calls up to it
 * finish; every later REQUEST is answered at once with UNAVAILABLE (it was not processed, so the
 * client may send it elsewhere).
 */
export class ConnectionDrain {
  readonly #connection: FramedConnection;
  readonly #session: DrainedSession;
  #phase: 'serving' | 'draining' | 'final' = 'serving';
  #lastAcceptedId = 0;
  #reason = SHUTTING_DOWN;
  #onFinal: (() => void) | undefined;

  constructor(connection: FramedConnection, session: DrainedSession) {
    this.#connection = connection;
    this.#session = session;
  }

  /** Whether the shutdown began (the first GOAWAY was sent). */
  get draining(): boolean {
    return this.#phase !== 'serving';
  }

  /** Whether no call runs any more on the connection. */
  get idle(): boolean {
    return this.#session.activeCalls === 0;
  }

  /**
   * Sends the GOAWAY with DRAIN and the PING after it (once). `reason` is what both GOAWAYs and
   * the refusals of later requests say (default: the server is shutting down); `onFinal` runs
   * once the final GOAWAY is sent, when no new call can come any more.
   */
  begin(reason: string = SHUTTING_DOWN, onFinal?: () => void): void {
    if (this.#phase !== 'serving') return;
    this.#phase = 'draining';
    this.#reason = reason;
    this.#onFinal = onFinal;
    const connection = this.#connection;
    connection.writeFrames((encoder, out) => {
      encoder.writeGoAway(out, connection.lastRequestId, { message: reason }, true);
      encoder.writePing(out, DRAIN_PING_ID);
    });
    if (debugEnabled) {
      debug(
        `server connection ${connection.peer} GOAWAY sent: drain, last id ${connection.lastRequestId}: ${reason}`,
      );
    }
  }

  /** Sends the final GOAWAY: no call with a higher id than the last one received will run. */
  #final(): void {
    this.#phase = 'final';
    const connection = this.#connection;
    this.#lastAcceptedId = connection.lastRequestId;
    connection.writeFrames((encoder, out) =>
      encoder.writeGoAway(out, this.#lastAcceptedId, { message: this.#reason }),
    );
    if (debugEnabled) {
      debug(
        `server connection ${connection.peer} GOAWAY sent: final, last id ${this.#lastAcceptedId}: ${this.#reason}`,
      );
    }
    this.#onFinal?.();
  }

  /**
   * Looks at every frame before it is handled; returns true for a REQUEST that arrived after the
   * final GOAWAY, which it has answered with UNAVAILABLE and which must not be handled.
   */
  screen(frame: Frame): boolean {
    if (this.#phase === 'serving') return false;
    if (this.#phase === 'draining') {
      if (frame.type === FrameType.PONG && frame.id === DRAIN_PING_ID) this.#final();
      return false;
    }
    if (frame.type !== FrameType.REQUEST) return false;
    const refusal = new RpcError(
      Status.UNAVAILABLE,
      `${this.#reason} and sent GOAWAY after request ${this.#lastAcceptedId}: request ${frame.id} was not processed, send it on a new connection`,
    );
    this.#connection.writeFrames((encoder, out) => encoder.writeError(out, frame.id, refusal));
    return true;
  }
}
