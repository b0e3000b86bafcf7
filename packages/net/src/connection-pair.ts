import type { TimerQueue } from '@yrpc/poller';
import { Connection } from './connection.js';
import type { ConnectionOptions } from './connection-options.js';
import { MemoryDuplex } from './memory-duplex.js';

/**
 * Two connected {@link Connection}s over an in-memory stream, for testing the layers above
 * without sockets. Aborting one end resets the other (NetError `reset`).
 */
export function createConnectionPair(
  options: ConnectionOptions = {},
  timers?: TimerQueue,
): [Connection, Connection] {
  const [a, b] = MemoryDuplex.pair();
  return [new Connection(a, options, timers), new Connection(b, options, timers)];
}
