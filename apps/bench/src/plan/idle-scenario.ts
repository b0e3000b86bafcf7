/**
 * `--scenario idle-connections`: what an idle connection costs the server in memory, for yrpc
 * against a bare `node:net` socket (issue "small-message speed": at most 4 KiB above a bare
 * socket). One server process per target, one client process opening the connections.
 */

/** The scenario's settings. */
export const IDLE_SCENARIO = {
  name: 'idle-connections',
  description: 'server memory per idle connection: yrpc against a bare node:net socket',
  /** Connections held open at once when the open-file limit allows it. */
  connections: 2_000,
  /**
   * Connections opened (yrpc: with their call) and closed again before the first measurement, so
   * that what the first connection loads once (code, caches) is not counted per connection.
   */
  warmupConnections: 10,
  /** How long the connections sit idle before the second measurement. */
  idleMs: 1_000,
  /** Connections the client has being opened at once (a burst of 2,000 SYNs overflows backlogs). */
  connectConcurrency: 100,
  /** Opening every connection, and the server seeing it, must take at most this long. */
  connectTimeoutMs: 30_000,
  /**
   * File descriptors each process keeps for itself besides the connections (stdio, IPC, epoll,
   * the listening socket, libuv's own), when N is fitted into the open-file limit.
   */
  reservedFds: 64,
  goal: {
    title: 'server memory per idle connection: at most 4 KiB above a bare socket',
    /** yrpc − bare, RSS bytes per connection. */
    thresholdBytes: 4 * 1024,
  },
} as const;

/** What a `--scenario idle-connections` run does. */
export interface IdlePlan {
  readonly mode: 'idle-connections';
  /** Connections asked for; each target may open fewer when the open-file limit is lower. */
  readonly connections: number;
  readonly warmupConnections: number;
  readonly idleMs: number;
  readonly connectConcurrency: number;
  readonly connectTimeoutMs: number;
}

/** The plan with the scenario's settings; tests pass a small `connections` and `idleMs`. */
export function buildIdlePlan(overrides: Partial<Omit<IdlePlan, 'mode'>> = {}): IdlePlan {
  return {
    mode: 'idle-connections',
    connections: IDLE_SCENARIO.connections,
    warmupConnections: IDLE_SCENARIO.warmupConnections,
    idleMs: IDLE_SCENARIO.idleMs,
    connectConcurrency: IDLE_SCENARIO.connectConcurrency,
    connectTimeoutMs: IDLE_SCENARIO.connectTimeoutMs,
    ...overrides,
  };
}

/** The open-file limits (`ulimit -n`, soft) of the two processes; `undefined`: not known. */
export interface OpenFileLimits {
  readonly server: number | undefined;
  readonly client: number | undefined;
}

/** How many connections a target opens, and why fewer than asked when so. */
export interface ConnectionCount {
  readonly connections: number;
  /** Set when the count was lowered to fit the open-file limit. */
  readonly capNote?: string;
}

/**
 * Fits the connection count into the open-file limit of both processes: each holds one
 * descriptor per connection (the server its accepted sockets, the client its own end) plus
 * `reserved` of its own.
 */
export function capConnections(
  requested: number,
  limits: OpenFileLimits,
  reserved: number = IDLE_SCENARIO.reservedFds,
): ConnectionCount {
  let connections = requested;
  let binding: { side: string; limit: number } | undefined;
  for (const [side, limit] of [
    ['server', limits.server],
    ['client', limits.client],
  ] as const) {
    if (limit === undefined) continue;
    const room = Math.max(1, limit - reserved);
    if (room < connections) {
      connections = room;
      binding = { side, limit };
    }
  }
  if (binding === undefined) return { connections };
  return {
    connections,
    capNote:
      `${connections.toLocaleString('en-US')} connections instead of ` +
      `${requested.toLocaleString('en-US')}: the ${binding.side} process may open ` +
      `${binding.limit.toLocaleString('en-US')} files (ulimit -n), ${reserved} of them kept for itself`,
  };
}
