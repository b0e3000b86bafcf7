/**
 * A snapshot of what a server or a client is doing, from `stats()`: plain numbers. Where the two
 * sides differ, the field says so.
 */
interface EndpointStats {
  /** Connections open now (a client: its one, plus those finishing their calls after a GOAWAY). */
  readonly connections: number;
  /** Calls in flight now (a client: sent or waiting for the connection). */
  readonly callsInFlight: number;
  /**
   * Calls waiting now: on a server, requests put aside while their connection's answers wait
   * for the client's credit; on a client, calls waiting for the connection, credit or output.
   */
  readonly queuedCalls: number;
  /** Bytes read from the sockets (every connection, closed ones included). */
  readonly bytesIn: number;
  /** Bytes handed to the sockets. */
  readonly bytesOut: number;
  /** Calls started since the server or client was made. */
  readonly callsStarted: number;
  /** Calls that ended since then, however they ended. */
  readonly callsFinished: number;
  /**
   * Times output had to wait: a message queued for the peer's credit or for backed-up output
   * (and on a server, frame delivery paused while its output was backed up).
   */
  readonly flowControlStalls: number;
}

/** What `server.stats()` returns; see {@link EndpointStats}. */
export type ServerStats = EndpointStats;

/** What `client.stats()` and `pool.stats()` (summed over its clients) return. */
export type ClientStats = EndpointStats;

/**
 * The field-by-field sum of stats snapshots (all zero for none): a pool's over its clients, a
 * cluster's over its workers.
 */
export function sumStats(all: Iterable<EndpointStats>): EndpointStats {
  const total = {
    connections: 0,
    callsInFlight: 0,
    queuedCalls: 0,
    bytesIn: 0,
    bytesOut: 0,
    callsStarted: 0,
    callsFinished: 0,
    flowControlStalls: 0,
  };
  for (const stats of all) {
    for (const key of Object.keys(total) as (keyof EndpointStats)[]) total[key] += stats[key];
  }
  return total;
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
