import { type FramedConnection, Status, type TimerQueue } from '@yrpc/protocol';
import { debug, debugEnabled } from './debug-log.js';

/** The timeouts of one server connection, in ms; 0 turns one off. */
export interface ConnectionTimeoutSettings {
  /** Time from accept to the first complete frame. */
  readonly firstFrameTimeoutMs: number;
  /** Time without a frame while no call is in flight. */
  readonly idleTimeoutMs: number;
}

/** What the idle check needs of the connection's calls. */
export interface BusySession {
  /** Calls in flight, answers not yet sent included. */
  readonly activeCalls: number;
}

/**
 * The first-frame and idle timeouts of one server connection (PROTOCOL.md section 6): a peer
 * that sends no complete frame in time, or that keeps a connection open without using it, is
 * sent a GOAWAY and the connection is closed. Both run on the TimerQueue: no Node timer per
 * connection. A frame only sets a flag: the idle check, every quarter of the timeout while the
 * connection is in use, notes the time it saw activity, so a connection is closed between
 * `idleTimeoutMs` and 1.25 × `idleTimeoutMs` after its last frame, and a frame costs no clock
 * read (a clock read per frame was 7 % of a busy server's CPU).
 */
export class ConnectionTimeouts {
  readonly #connection: FramedConnection;
  readonly #session: BusySession;
  readonly #timers: TimerQueue;
  readonly #settings: ConnectionTimeoutSettings;
  #firstFrameTimer = 0;
  #idleTimer = 0;
  #lastActivity: number;
  #heardOnce = false;
  // A frame arrived since the last idle check.
  #heardSinceCheck = false;

  constructor(
    connection: FramedConnection,
    session: BusySession,
    timers: TimerQueue,
    settings: ConnectionTimeoutSettings,
  ) {
    this.#connection = connection;
    this.#session = session;
    this.#timers = timers;
    this.#settings = settings;
    this.#lastActivity = timers.now();
    if (settings.firstFrameTimeoutMs > 0) {
      this.#firstFrameTimer = timers.add(settings.firstFrameTimeoutMs, this.#firstFrameMissed);
    }
    if (settings.idleTimeoutMs > 0) {
      this.#idleTimer = timers.add(checkEvery(settings.idleTimeoutMs), this.#checkIdle);
    }
  }

  /** A complete frame arrived. */
  heard(): void {
    this.#heardSinceCheck = true;
    if (this.#heardOnce) return;
    this.#heardOnce = true;
    if (this.#firstFrameTimer !== 0) {
      this.#timers.cancel(this.#firstFrameTimer);
      this.#firstFrameTimer = 0;
    }
  }

  /** The connection is over: no timeout fires any more. */
  stop(): void {
    if (this.#firstFrameTimer !== 0) this.#timers.cancel(this.#firstFrameTimer);
    if (this.#idleTimer !== 0) this.#timers.cancel(this.#idleTimer);
    this.#firstFrameTimer = 0;
    this.#idleTimer = 0;
  }

  readonly #firstFrameMissed = (): void => {
    this.#firstFrameTimer = 0;
    this.#goAway(
      Status.DEADLINE_EXCEEDED,
      `no complete frame within ${this.#settings.firstFrameTimeoutMs} ms of connecting (server option firstFrameTimeoutMs)`,
    );
  };

  readonly #checkIdle = (): void => {
    this.#idleTimer = 0;
    const now = this.#timers.now();
    // A call in flight is activity, however long it runs without frames.
    if (this.#heardSinceCheck || this.#session.activeCalls > 0) {
      this.#heardSinceCheck = false;
      this.#lastActivity = now;
    }
    const idleFor = now - this.#lastActivity;
    const limit = this.#settings.idleTimeoutMs;
    if (idleFor >= limit) {
      this.#goAway(
        0,
        `connection idle for ${Math.round(idleFor)} ms (server option idleTimeoutMs); open a new one for the next call`,
      );
      return;
    }
    this.#idleTimer = this.#timers.add(
      Math.min(limit - idleFor, checkEvery(limit)),
      this.#checkIdle,
    );
  };

  #goAway(code: number, message: string): void {
    this.stop();
    const connection = this.#connection;
    connection.writeFrames((encoder, out) =>
      encoder.writeGoAway(out, connection.lastRequestId, { code, message }),
    );
    if (debugEnabled) {
      debug(
        `server connection ${connection.peer} GOAWAY sent: code ${code}, last id ${connection.lastRequestId}: ${message}`,
      );
    }
    connection.close();
  }
}

/**
 * How often the idle check runs: a quarter of the timeout, so that the time it notes for the
 * last activity is at most that late.
 */
function checkEvery(idleTimeoutMs: number): number {
  return Math.max(1, Math.ceil(idleTimeoutMs / 4));
}
