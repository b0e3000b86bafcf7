/** Counters of one {@link Connection}, updated in place. */
export interface ConnectionStats {
  /** Bytes received from the peer. */
  readonly bytesRead: number;
  /** Bytes handed to the socket. */
  readonly bytesWritten: number;
  /** Calls to `socket.write`: with coalescing, one per tick that wrote anything. */
  readonly socketWrites: number;
  /** Chunks received from the socket. */
  readonly reads: number;
}

/**
 * The same counters, writable: the connection counts reads into them and its output path
 * counts writes, while callers get the object as read-only {@link ConnectionStats}.
 */
export interface MutableConnectionStats {
  bytesRead: number;
  bytesWritten: number;
  socketWrites: number;
  reads: number;
}
