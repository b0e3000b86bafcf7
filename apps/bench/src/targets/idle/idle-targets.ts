/**
 * The targets of `--scenario idle-connections`: a server that holds idle connections and a
 * client that opens one fully established connection at a time. Loaders are dynamic imports, so
 * a child process loads only the target it runs.
 */

/** A running server of the scenario. */
export interface IdleServerHandle {
  /** The port bound (the harness passes port 0). */
  readonly port: number;
  /** Stops accepting, closes every connection, resolves when the server is down. */
  close(): Promise<void>;
}

/** Where a server listens, or a client connects: always 127.0.0.1 (the server: port 0). */
export interface IdleEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Starts a server on `host:port`; runs in the server child process. */
export type IdleServerFactory = (options: IdleEndpoint) => Promise<IdleServerHandle>;

/** One open connection of the client. */
export interface IdleConnection {
  close(): Promise<void>;
}

/**
 * Opens one connection and resolves once it is fully established (for yrpc: its handshake and
 * one call answered), so the server holds everything an idle connection costs it.
 */
export type IdleClientFactory = (options: IdleEndpoint) => Promise<IdleConnection>;

export interface IdleTarget {
  /** Name in results and reports. */
  readonly name: string;
  readonly description: string;
  loadServer(): Promise<IdleServerFactory>;
  loadClient(): Promise<IdleClientFactory>;
}

/** The target yrpc is compared with. */
export const BARE_TARGET = 'bare';
/** The target the goal is stated for. */
export const IDLE_GOAL_TARGET = 'yrpc';

export const IDLE_TARGETS: readonly IdleTarget[] = [
  {
    name: IDLE_GOAL_TARGET,
    description:
      '@yrpc/rpc Server with the bench echo service; one @yrpc/rpc Client per connection, ' +
      'each with one 16 B Echo call answered',
    // The echo target's server as it is.
    loadServer: async () => (await import('../yrpc/yrpc-server.js')).startEchoServer,
    loadClient: async () => (await import('./yrpc-idle-client.js')).openIdleConnection,
  },
  {
    name: BARE_TARGET,
    description: 'node:net createServer that accepts and holds sockets; node:net connect',
    loadServer: async () => (await import('./bare-server.js')).startIdleServer,
    loadClient: async () => (await import('./bare-client.js')).openIdleConnection,
  },
];

/** The idle target called `name`; throws when there is none. */
export function requireIdleTarget(name: string): IdleTarget {
  const target = IDLE_TARGETS.find((entry) => entry.name === name);
  if (target === undefined) {
    const known = IDLE_TARGETS.map((entry) => entry.name).join(', ');
    throw new Error(`unknown idle-connections target "${name}" (known: ${known})`);
  }
  return target;
}
