import {
  type FramedCloseReason,
  type FramedConnection,
  FrameType,
  type HandshakeMetaInit,
  type Operation,
  ProtocolError,
  type Resumer,
  RpcError,
  Status,
  spawn,
  suspend,
  toRpcError,
} from '@yrpc/protocol';
import type { ClosedTotals } from '../call/stats.js';
import {
  type ConnectionTimeoutSettings,
  ConnectionTimeouts,
} from '../connection/connection-timeouts.js';
import { debug, debugEnabled, describeClose, describeHandshake } from '../connection/debug-log.js';
import { ConnectionAge, type ConnectionAgeSettings } from './connection-age.js';
import { ConnectionDrain } from './connection-drain.js';
import type { ConnectionErrorEvent } from './server.js';
import type { ServerCall } from './server-call.js';
import { ServerLiveness, type ServerLivenessSettings } from './server-liveness.js';
import { ServerSession, type SessionSettings } from './server-session.js';

/** What a {@link Server} lends each of its yrpc connections. */
export interface ConnectionHost {
  readonly settings: SessionSettings & ServerLivenessSettings;
  /** The handshake the server answers with. */
  readonly handshake: HandshakeMetaInit;
  readonly timeouts: ConnectionTimeoutSettings;
  readonly age: ConnectionAgeSettings;
  /** The drains of the open connections (what a graceful shutdown begins and waits for). */
  readonly drains: Set<ConnectionDrain>;
  /** The open connections' sessions, with their connection (for the server's stats). */
  readonly sessions: Map<ServerSession, FramedConnection>;
  /** Socket bytes and stalls of the connections already closed. */
  readonly closedTotals: ClosedTotals;
  /** Tells the server's error handlers of a connection dropped because of its peer. */
  report(event: ConnectionErrorEvent): void;
}

/**
 * The connection's coroutine. Frames are handled as they arrive, inside the connection's data
 * event (so answers of plain handlers leave in that event's one socket write, and frames are
 * read while their bytes are still there); calls of generator handlers are queued and this
 * coroutine spawns them, so that they live in its scope and end with it.
 */
export function* serveConnection(
  connection: FramedConnection,
  host: ConnectionHost,
): Operation<void> {
  const toSpawn: ServerCall[] = [];
  let wake: Resumer<void> | undefined;
  const resume = (): void => {
    const resumer = wake;
    wake = undefined;
    resumer?.resume();
  };
  if (debugEnabled) debug(`server connection ${connection.peer} opened`);
  const session = new ServerSession(connection.peer, host.settings, connection, (call) => {
    toSpawn.push(call);
    resume();
  });
  const liveness = new ServerLiveness(connection, session, host.settings);
  const drain = new ConnectionDrain(connection, session);
  const timeouts = new ConnectionTimeouts(connection, session, host.settings.timers, host.timeouts);
  const age = new ConnectionAge(connection, session, drain, host.settings.timers, host.age);
  host.drains.add(drain);
  host.sessions.set(session, connection);
  // Set by the close handler; an object so that the compiler sees it change.
  const end: { closed: boolean; reason: FramedCloseReason } = { closed: false, reason: null };
  connection.onWritable(() => session.writable());
  connection.onEnd(() => session.peerEnded());
  connection.onFrame((frame) => {
    timeouts.heard();
    if (liveness.screen(frame) || drain.screen(frame)) return;
    if (frame.type === FrameType.HANDSHAKE) {
      const agreed = connection.acceptHandshake(frame, host.handshake);
      if (debugEnabled) {
        debug(`server connection ${connection.peer} handshake: ${describeHandshake(agreed)}`);
      }
      session.peerAnnounced(agreed);
      return;
    }
    session.handle(frame);
  });
  connection.onClose((reason) => {
    end.closed = true;
    end.reason = reason;
    if (reason instanceof ProtocolError) {
      if (debugEnabled) {
        debug(`server connection ${connection.peer} protocol error: ${reason.message}`);
      }
      host.report({ peer: connection.peer, error: reason });
    }
    resume();
  });
  try {
    for (;;) {
      for (let call = toSpawn.shift(); call !== undefined; call = toSpawn.shift()) {
        // A call cancelled or expired before its turn is not started at all.
        if (!call.finished && call.operation !== undefined) {
          call.task = yield* spawn(call.operation);
        }
      }
      if (end.closed) break;
      yield* suspend<void>((resumer) => {
        wake = resumer;
        return () => {
          wake = undefined;
        };
      });
    }
  } finally {
    liveness.stop();
    timeouts.stop();
    age.stop();
    host.drains.delete(drain);
    host.sessions.delete(session);
    const totals = host.closedTotals;
    totals.bytesIn += connection.connection.stats.bytesRead;
    totals.bytesOut += connection.connection.stats.bytesWritten;
    totals.flowControlStalls += session.stalls;
    const reason = end.reason;
    session.close(
      reason === null
        ? new RpcError(Status.CANCELLED, `connection from ${connection.peer} closed`)
        : toRpcError(reason),
    );
    connection.onFrame(undefined);
    connection.onWritable(undefined);
    connection.onEnd(undefined);
    if (!end.closed && !drain.draining) {
      // The server ends the connection (it is closing): say so before the connection goes.
      connection.writeFrames((encoder, out) =>
        encoder.writeGoAway(out, connection.lastRequestId, {
          message: 'the server is shutting down',
        }),
      );
      if (debugEnabled) {
        debug(
          `server connection ${connection.peer} GOAWAY sent: last id ${connection.lastRequestId}: the server is shutting down`,
        );
      }
    }
    connection.close();
    if (debugEnabled) {
      debug(
        `server connection ${connection.peer} closed: ${end.closed ? describeClose(reason, 'closed by the peer') : 'the server is closing'}`,
      );
    }
  }
}
