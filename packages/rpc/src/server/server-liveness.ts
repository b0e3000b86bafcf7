import {
  type Frame,
  type FramedConnection,
  FrameType,
  RpcError,
  Status,
  type TimerQueue,
} from '@yrpc/protocol';
import { debug, debugEnabled } from '../connection/debug-log.js';
import { Heartbeat, type HeartbeatSettings } from '../connection/heartbeat.js';
import { PingGuard, type PingPolicy } from '../connection/ping-guard.js';

/** What a server connection's liveness checks need. */
export interface ServerLivenessSettings {
  readonly timers: TimerQueue;
  readonly heartbeat: HeartbeatSettings & PingPolicy;
}

/** Whom the liveness checks of a connection tell that it is over. */
export interface LivenessSession {
  close(reason: RpcError): void;
}

/**
 * The liveness checks of one server connection: its heartbeat (PING when idle, dead when silent)
 * and its guard against clients that PING too often, which are sent away with a GOAWAY.
 */
export class ServerLiveness {
  readonly #connection: FramedConnection;
  readonly #session: LivenessSession;
  readonly #settings: ServerLivenessSettings;
  readonly #heartbeat: Heartbeat;
  readonly #guard: PingGuard | undefined;

  constructor(
    connection: FramedConnection,
    session: LivenessSession,
    settings: ServerLivenessSettings,
  ) {
    this.#connection = connection;
    this.#session = session;
    this.#settings = settings;
    const policy = settings.heartbeat;
    this.#guard = policy.minPingIntervalMs > 0 ? new PingGuard(policy) : undefined;
    this.#heartbeat = new Heartbeat(settings.timers, policy, {
      sendPing: (pingId) => {
        connection.writeFrames((encoder, out) => encoder.writePing(out, pingId));
      },
      dead: (silentMs) => this.#dead(silentMs),
    });
  }

  /**
   * Looks at every frame from the client before it is handled. Returns true when the frame ended
   * the connection (a PING too many): it must not be handled.
   */
  screen(frame: Frame): boolean {
    this.#heartbeat.heard();
    if (frame.type !== FrameType.PING || this.#guard === undefined) return false;
    const offence = this.#guard.ping(this.#settings.timers.now(), this.#connection.peer);
    if (offence === undefined) return false;
    this.#heartbeat.stop();
    const connection = this.#connection;
    connection.writeFrames((encoder, out) =>
      encoder.writeGoAway(out, connection.lastRequestId, {
        code: offence.code,
        message: offence.message,
      }),
    );
    if (debugEnabled) {
      debug(
        `server connection ${connection.peer} GOAWAY sent: code ${offence.code}, last id ${connection.lastRequestId}: ${offence.message}`,
      );
    }
    this.#session.close(offence);
    connection.close();
    return true;
  }

  /** The connection closed. */
  stop(): void {
    this.#heartbeat.stop();
  }

  #dead(silentMs: number): void {
    if (debugEnabled) {
      debug(
        `server connection ${this.#connection.peer} heartbeat timed out: no frame within ${silentMs} ms of a PING`,
      );
    }
    this.#session.close(
      new RpcError(
        Status.UNAVAILABLE,
        `client ${this.#connection.peer} did not answer a heartbeat PING within ${silentMs} ms (server option heartbeat.timeoutMs); its connection was closed as dead`,
      ),
    );
    this.#connection.abort();
  }
}
