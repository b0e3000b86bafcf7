import {
  connect,
  type Frame,
  FramedConnection,
  FrameType,
  type HandshakeMetaInit,
  localHandshake,
  type MetadataEntry,
  type RetryOptions,
  RpcError,
  Status,
  type TimerQueue,
} from '@yrpc/protocol';
import type { ClosedTotals } from '../call/stats.js';
import { ACCEPTED_ENCODINGS } from '../compression/payload-compression.js';
import { debug, debugEnabled, describeHandshake } from '../connection/debug-log.js';
import type { ClientEndpoint } from '../connection/endpoint.js';
import type { HeartbeatSettings } from '../connection/heartbeat.js';
import { YRPC_ALPN } from '../connection/yrpc-alpn.js';
import type { FlowControlSettings } from '../flow/flow-control-options.js';
import { ownedBytes } from '../flow/message-writer.js';
import type { ClientCall, ClientCallOwner } from './client-call.js';
import { clearDeadline } from './client-deadline.js';
import { startClientHeartbeat } from './client-liveness.js';
import { ClientSession } from './client-session.js';
import { ClientStreamCall } from './client-stream-call.js';

/** Where a {@link ClientConnector} connects and what it asks of each connection. */
export interface ConnectorSettings {
  /** The server's address as it appears in error messages. */
  readonly address: string;
  readonly endpoint: ClientEndpoint;
  readonly timers: TimerQueue;
  readonly connectTimeoutMs: number;
  readonly reconnect: RetryOptions;
  readonly heartbeat: HeartbeatSettings;
  readonly flow: FlowControlSettings;
}

/**
 * What happened to a client's current connection: it `opened`, the server sent `goaway` (no new
 * calls on it), or it `closed`. A connection retiring after a GOAWAY is not reported again.
 */
export type ConnectionEvent = 'opened' | 'goaway' | 'closed';

interface QueuedCall {
  readonly call: ClientCall;
  readonly payload: Uint8Array;
  readonly metadata: readonly MetadataEntry[];
}

/** How long {@link ClientConnector.close} waits for the server to end its side before aborting. */
const CLOSE_GRACE_MS = 1000;

/**
 * The connection behind a client, over its whole life: opened when a call needs it (one attempt
 * at a time, with net's reconnect backoff), opened again by the next call after it was lost or
 * after the server's GOAWAY. Calls that arrive while no connection can take them wait here, in
 * order, and go to the session once it is open; a connection replaced after a GOAWAY is kept
 * until its calls are done and the server closes it.
 */
export class ClientConnector {
  readonly #settings: ConnectorSettings;
  readonly #handshake: HandshakeMetaInit;
  /** Connections the server sent GOAWAY on, still finishing their calls. */
  readonly #retiring = new Set<FramedConnection>();
  #session: ClientSession | undefined;
  #transport: FramedConnection | undefined;
  #connecting: Promise<ClientSession> | undefined;
  #queue: QueuedCall[] = [];
  #closed = false;
  /** Connections opened so far (for debug logs: the later ones are reconnects). */
  #opened = 0;
  /** Open connections and their sessions (the current one and those retiring), for stats. */
  readonly #live = new Map<FramedConnection, ClientSession>();
  readonly #closedTotals: ClosedTotals = { bytesIn: 0, bytesOut: 0, flowControlStalls: 0 };
  /** Told of the current connection's events (a balancing pool watches its clients this way). */
  onConnectionEvent: ((event: ConnectionEvent) => void) | undefined;

  /** A connector to `settings.endpoint`; nothing connects until a call needs it. */
  constructor(settings: ConnectorSettings) {
    this.#settings = settings;
    this.#handshake = localHandshake({
      heartbeatIntervalMs: settings.heartbeat.intervalMs,
      connectionWindow: settings.flow.connectionWindow,
      streamWindow: settings.flow.streamWindow,
      // Every client inflates what it receives; what it sends is its options' and calls' choice.
      acceptEncoding: ACCEPTED_ENCODINGS,
    });
  }

  /** Whether the client was closed: no connection opens any more. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Calls in flight (sent or waiting for the connection). */
  get pendingCalls(): number {
    return (this.#session?.pendingCalls ?? 0) + this.#queue.length;
  }

  /** Calls waiting for room: for the connection to open, for credit, for output to drain. */
  get queuedCalls(): number {
    return (this.#session?.waitingCalls ?? 0) + this.#queue.length;
  }

  /** Connections open now, socket bytes and flow-control stalls, for the client's stats. */
  connectionStats(): ClosedTotals & { connections: number } {
    let { bytesIn, bytesOut, flowControlStalls } = this.#closedTotals;
    for (const [transport, session] of this.#live) {
      bytesIn += transport.connection.stats.bytesRead;
      bytesOut += transport.connection.stats.bytesWritten;
      flowControlStalls += session.stalls;
    }
    return { connections: this.#live.size, bytesIn, bytesOut, flowControlStalls };
  }

  /** The session, if its connection can still carry calls. */
  usableSession(): ClientSession | undefined {
    const session = this.#session;
    // After a GOAWAY the connection finishes its calls but takes no new ones.
    if (session === undefined || session.closed || session.goAway !== undefined) return undefined;
    if (this.#transport?.connection.state !== 'open') return undefined;
    return session;
  }

  /** The usable session, or the one being opened; rejects with UNAVAILABLE. */
  ensureSession(): Promise<ClientSession> {
    const session = this.usableSession();
    if (session !== undefined) return Promise.resolve(session);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  /**
   * Sends `call` with its encoded request on the open connection, or, while there is none,
   * queues it (held by `owner`, which cancels and expires it there) and opens one. `payload`
   * may be a shared view: whatever is kept is copied.
   */
  start(
    call: ClientCall,
    payload: Uint8Array,
    metadata: readonly MetadataEntry[],
    owner: ClientCallOwner,
  ): void {
    const session = this.usableSession();
    if (session !== undefined) {
      startOn(session, call, payload, metadata);
    } else {
      call.owner = owner;
      this.#queue.push({ call, payload: ownedBytes(payload), metadata });
      this.ensureSession().catch(() => {
        // The queued calls carry the failure; nobody else waits on this promise.
      });
    }
  }

  /** Takes `call` out of the calls waiting for the connection (its deadline stops). */
  unqueue(call: ClientCall): void {
    clearDeadline(call, this.#settings.timers);
    const index = this.#queue.findIndex((queued) => queued.call === call);
    if (index >= 0) this.#queue.splice(index, 1);
  }

  /**
   * Closes the connection for good. Calls still in flight fail with UNAVAILABLE (the server is
   * sent a CANCEL for those it runs); waits for the connection to end, at most a short grace.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const reason = new RpcError(Status.UNAVAILABLE, 'the client was closed');
    this.#failQueue(reason);
    this.#session?.close(reason, true);
    const transport = this.#transport;
    this.#transport = undefined;
    this.#session = undefined;
    for (const retiring of this.#retiring) retiring.close();
    this.#retiring.clear();
    if (transport !== undefined) {
      // Graceful (buffered output goes out), but a peer that never ends its side is not waited
      // for long: nothing of ours is in flight any more.
      transport.close();
      const connection = transport.connection;
      const timers = this.#settings.timers;
      const grace = timers.add(CLOSE_GRACE_MS, () => connection.abort());
      await connection.closed;
      timers.cancel(grace);
    }
  }

  async #open(): Promise<ClientSession> {
    const { address, timers, flow } = this.#settings;
    if (this.#closed) throw new RpcError(Status.UNAVAILABLE, `${address}: the client is closed`);
    let transport: FramedConnection;
    if (debugEnabled) {
      debug(
        this.#opened === 0
          ? `client connecting to ${address}`
          : `client reconnecting to ${address} (connection ${this.#opened + 1}; up to ${this.#settings.reconnect.attempts ?? 1} attempts, first delay ${this.#settings.reconnect.initialDelayMs ?? 0} ms)`,
      );
    }
    try {
      const endpoint = this.#settings.endpoint;
      const connection = await connect({
        ...endpoint,
        // Under TLS the client names its protocol (ALPN), so a server that serves several on
        // one port knows this one without reading it.
        ...(endpoint.tls === undefined || endpoint.tls.alpnProtocols !== undefined
          ? {}
          : { tls: { ...endpoint.tls, alpnProtocols: [YRPC_ALPN] } }),
        timeoutMs: this.#settings.connectTimeoutMs,
        timers,
        retry: debugEnabled
          ? {
              ...this.#settings.reconnect,
              onRetry: (attempt, delayMs, error) =>
                debug(
                  `client connecting to ${address}: attempt ${attempt} failed (${error.message}); next in ${Math.round(delayMs)} ms`,
                ),
            }
          : this.#settings.reconnect,
        connection: { outputHighWaterMark: flow.outputHighWaterMark },
      });
      transport = new FramedConnection(connection, {
        connectionWindow: flow.connectionWindow,
      });
    } catch (error) {
      const failure = new RpcError(
        Status.UNAVAILABLE,
        `could not connect to ${address}: ${(error as Error).message}`,
        { cause: error },
      );
      if (debugEnabled) debug(`client connection ${address} failed: ${failure.message}`);
      this.#failQueue(failure);
      throw failure;
    }
    this.#opened++;
    if (this.#closed) {
      transport.close();
      throw new RpcError(Status.UNAVAILABLE, `${address}: the client was closed while connecting`);
    }
    if (debugEnabled) {
      debug(`client connection ${address} opened`);
    }
    const session = new ClientSession({ address, timers }, transport);
    this.#live.set(transport, session);
    const handshake = this.#handshake;
    // Requests follow the HANDSHAKE at once; the server's answer only adjusts the limits.
    transport.sendHandshake(handshake);
    const heartbeat = startClientHeartbeat(
      transport,
      session,
      timers,
      this.#settings.heartbeat,
      address,
    );
    transport.onWritable(() => session.writable());
    const acceptHandshake = (frame: Frame): void => {
      const agreed = transport.acceptHandshake(frame, handshake);
      if (debugEnabled)
        debug(`client connection ${address} handshake: ${describeHandshake(agreed)}`);
      session.peerAnnounced(agreed);
    };
    transport.onFrame((frame) => {
      heartbeat.heard();
      if (frame.type === FrameType.HANDSHAKE) acceptHandshake(frame);
      else session.handle(frame);
    });
    transport.onClose((reason) => {
      heartbeat.stop();
      const why = session.goAway ?? reason?.message;
      if (debugEnabled) {
        debug(
          `client connection ${address} closed: ${this.#closed ? 'the client was closed' : (why ?? 'closed by the server')}`,
        );
      }
      session.close(
        new RpcError(
          Status.UNAVAILABLE,
          `connection lost before the answer${why === undefined ? '' : `: ${why}`}`,
          reason === null ? {} : { cause: reason },
        ),
      );
      if (this.#session === session) {
        this.#session = undefined;
        this.#transport = undefined;
        if (!this.#closed) this.onConnectionEvent?.('closed');
      }
      this.#retiring.delete(transport);
      this.#live.delete(transport);
      const totals = this.#closedTotals;
      totals.bytesIn += transport.connection.stats.bytesRead;
      totals.bytesOut += transport.connection.stats.bytesWritten;
      totals.flowControlStalls += session.stalls;
    });
    this.#retire(this.#transport);
    this.#session = session;
    this.#transport = transport;
    session.onGoAway = () => {
      if (this.#session === session) this.onConnectionEvent?.('goaway');
    };
    const queued = this.#queue;
    this.#queue = [];
    for (const { call, payload, metadata } of queued) {
      if (call.settled) continue;
      startOn(session, call, payload, metadata);
    }
    this.onConnectionEvent?.('opened');
    return session;
  }

  /** Keeps a connection replaced after a GOAWAY until its calls are done and the server closes it. */
  #retire(transport: FramedConnection | undefined): void {
    if (transport !== undefined && transport.connection.state === 'open') {
      this.#retiring.add(transport);
    }
  }

  #failQueue(reason: RpcError): void {
    const queued = this.#queue;
    this.#queue = [];
    for (const { call } of queued) {
      clearDeadline(call, this.#settings.timers);
      call.settle(
        new RpcError(reason.code, `${call.method.path}: ${reason.message}`, { cause: reason }),
      );
    }
  }
}

/** Hands `call` to `session`: a streaming call is opened, a unary one sent. */
function startOn(
  session: ClientSession,
  call: ClientCall,
  payload: Uint8Array,
  metadata: readonly MetadataEntry[],
): void {
  if (call instanceof ClientStreamCall) session.open(call, payload, metadata);
  else session.send(call, payload, metadata);
}
