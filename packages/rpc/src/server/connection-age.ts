import { type FramedConnection, RpcError, Status, type TimerQueue } from '@yrpc/protocol';
import { debug, debugEnabled } from '../connection/debug-log.js';
import type { ConnectionDrain } from './connection-drain.js';

/** How long a server connection may live, in ms (see the server options of the same names). */
export interface ConnectionAgeSettings {
  /** Age after which the connection is drained; 0: never. */
  readonly maxConnectionAgeMs: number;
  /** Fraction of the age that is random, either way (0.1: ±10 %). */
  readonly maxConnectionAgeJitter: number;
  /** Time the calls running at the age have to finish before the connection is closed. */
  readonly maxConnectionAgeGraceMs: number;
}

/** What the age of a connection needs of its session. */
export interface AgedSession {
  /** Closes the connection once no call runs (at once when none does). */
  closeWhenDone(): void;
  /** Stops every call in flight with `reason`. */
  close(reason: RpcError): void;
}

/**
 * The maximum age of one server connection: when it is old enough (the age with its jitter, so
 * that connections opened together do not all go together), the connection drains as in the
 * server's shutdown (GOAWAY with DRAIN; the client sends its next calls on a new connection,
 * the running ones finish) and is closed once its calls are done, or when the grace period
 * ends, cutting off what still runs (the client sees UNAVAILABLE). One entry of the runtime's
 * TimerQueue at a time, none while the option is off.
 */
export class ConnectionAge {
  readonly #connection: FramedConnection;
  readonly #session: AgedSession;
  readonly #drain: ConnectionDrain;
  readonly #timers: TimerQueue;
  readonly #settings: ConnectionAgeSettings;
  #timer = 0;

  constructor(
    connection: FramedConnection,
    session: AgedSession,
    drain: ConnectionDrain,
    timers: TimerQueue,
    settings: ConnectionAgeSettings,
    random: () => number = Math.random,
  ) {
    this.#connection = connection;
    this.#session = session;
    this.#drain = drain;
    this.#timers = timers;
    this.#settings = settings;
    if (settings.maxConnectionAgeMs > 0) {
      this.#timer = timers.add(jitteredAge(settings, random()), this.#old);
    }
  }

  /** The connection is over: nothing more happens. */
  stop(): void {
    if (this.#timer !== 0) this.#timers.cancel(this.#timer);
    this.#timer = 0;
  }

  readonly #old = (): void => {
    this.#timer = 0;
    // The server's shutdown drains it already, with its own time limit.
    if (this.#drain.draining) return;
    const { maxConnectionAgeMs, maxConnectionAgeGraceMs } = this.#settings;
    this.#drain.begin(
      `the connection reached its maximum age of ${maxConnectionAgeMs} ms (server option maxConnectionAgeMs); send new calls on a new connection`,
      () => this.#session.closeWhenDone(),
    );
    this.#timer = this.#timers.add(maxConnectionAgeGraceMs, this.#graceOver);
  };

  readonly #graceOver = (): void => {
    this.#timer = 0;
    const { maxConnectionAgeMs, maxConnectionAgeGraceMs } = this.#settings;
    const message = `the connection reached its maximum age of ${maxConnectionAgeMs} ms (server option maxConnectionAgeMs) and its calls still running after the grace period of ${maxConnectionAgeGraceMs} ms (server option maxConnectionAgeGraceMs) were cut off`;
    const connection = this.#connection;
    connection.writeFrames((encoder, out) =>
      encoder.writeGoAway(out, connection.lastRequestId, { code: Status.UNAVAILABLE, message }),
    );
    if (debugEnabled) {
      debug(
        `server connection ${connection.peer} GOAWAY sent: last id ${connection.lastRequestId}: ${message}`,
      );
    }
    this.#session.close(new RpcError(Status.UNAVAILABLE, message));
    connection.close();
  };
}

/** The age of one connection: the configured one, moved by up to ± jitter of it. */
export function jitteredAge(settings: ConnectionAgeSettings, random: number): number {
  const { maxConnectionAgeMs: age, maxConnectionAgeJitter: jitter } = settings;
  return Math.max(1, Math.round(age * (1 + jitter * (2 * random - 1))));
}
