import { type FramedConnection, RpcError, Status, type TimerQueue } from '@yrpc/protocol';
import { debug, debugEnabled } from '../connection/debug-log.js';
import { Heartbeat, type HeartbeatSettings } from '../connection/heartbeat.js';

/** Whom a client's heartbeat tells that the connection is dead. */
export interface ClientLivenessSession {
  close(reason: RpcError): void;
}

/**
 * Starts the heartbeat of a client connection: PINGs the server when the connection was silent
 * for `settings.intervalMs`; a server that answers nothing within `settings.timeoutMs` is dead:
 * the calls in flight fail with UNAVAILABLE saying so, and the connection is dropped (the next
 * call opens a new one). Call `heard()` for every frame received and `stop()` on close.
 */
export function startClientHeartbeat(
  transport: FramedConnection,
  session: ClientLivenessSession,
  timers: TimerQueue,
  settings: HeartbeatSettings,
  address: string,
): Heartbeat {
  return new Heartbeat(timers, settings, {
    sendPing: (pingId) => {
      transport.writeFrames((encoder, out) => encoder.writePing(out, pingId));
    },
    dead: (silentMs) => {
      if (debugEnabled) {
        debug(
          `client connection ${address} heartbeat timed out: no frame within ${silentMs} ms of a PING`,
        );
      }
      session.close(
        new RpcError(
          Status.UNAVAILABLE,
          `the server at ${address} did not answer a heartbeat PING within ${silentMs} ms (client option heartbeat.timeoutMs); the connection was closed as dead`,
        ),
      );
      transport.abort();
    },
  });
}
