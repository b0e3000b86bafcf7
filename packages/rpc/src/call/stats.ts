/** A snapshot of what a {@link Server} is doing, from `server.stats()`: plain numbers. */
export interface ServerStats {
  /** Connections open now. */
  readonly connections: number;
  /** Calls running now (started and not yet answered, cancelled or stopped). */
  readonly callsInFlight: number;
  /** Requests put aside now while their connection's answers wait for the client's credit. */
  readonly queuedCalls: number;
  /** Bytes read from the sockets (every connection, closed ones included). */
  readonly bytesIn: number;
  /** Bytes handed to the sockets. */
  readonly bytesOut: number;
  /** Calls started (handlers run) since the server was made. */
  readonly callsStarted: number;
  /** Calls that ended since the server was made, however they ended. */
  readonly callsFinished: number;
  /**
   * Times output had to wait: an answer or stream message queued for the client's credit, or
   * frame delivery paused while the output was backed up.
   */
  readonly flowControlStalls: number;
}

/** A snapshot of what a {@link Client} (or a ClientPool, summed) is doing, from `stats()`. */
export interface ClientStats {
  /** Connections open now (one, plus those finishing their calls after a GOAWAY). */
  readonly connections: number;
  /** Calls in flight (sent, or waiting for the connection). */
  readonly callsInFlight: number;
  /** Calls waiting for room: for the connection to open, for credit, for output to drain. */
  readonly queuedCalls: number;
  /** Bytes read from the sockets (every connection this client opened). */
  readonly bytesIn: number;
  /** Bytes handed to the sockets. */
  readonly bytesOut: number;
  /** Calls started since the client was made. */
  readonly callsStarted: number;
  /** Calls settled since the client was made, however they ended. */
  readonly callsFinished: number;
  /** Times a request or stream message had to wait for the server's credit or backed-up output. */
  readonly flowControlStalls: number;
}

/** Counters a server or client bumps as it goes (integers, in places touched anyway). */
export interface CallCounters {
  callsStarted: number;
  callsFinished: number;
}

/** Totals of connections that are gone, kept so that the stats never go back. */
export interface ClosedTotals {
  bytesIn: number;
  bytesOut: number;
  flowControlStalls: number;
}
