import { availableParallelism } from 'node:os';
import type { Server, ServerEndpoint } from '@yrpc/rpc';
import { z } from 'zod';

const milliseconds = z.number().int().min(0).max(0x7fff_ffff);

/**
 * What makes a worker's server: a function (run in each worker; the workers run the primary's
 * own script again, so it is the same function) or the path or `file:` URL of a module whose
 * default export (or export `setup`) is such a function.
 */
export type ServerSetup = string | URL | (() => Server | Promise<Server>);

/** How a crashed worker is started again. */
export const restartSchema = z.strictObject({
  /** Delay in ms before the first restart of a worker that crashed. */
  initialDelayMs: milliseconds.default(100),
  /** Upper bound in ms of the delay. */
  maxDelayMs: milliseconds.default(10_000),
  /** Growth of the delay per crash in a row. */
  multiplier: z.number().min(1).max(10).default(2),
  /** A worker that stayed up this long (ms) after it listened starts again from `initialDelayMs`. */
  resetAfterMs: milliseconds.default(10_000),
});

/** Options of {@link serveCluster}. */
export const clusterOptionsSchema = z.strictObject({
  /** Worker processes; default: the machine's available parallelism. */
  workers: z
    .number()
    .int()
    .min(1)
    .max(1024)
    .default(() => availableParallelism()),
  /** What makes each worker's server (see {@link ServerSetup}). */
  setup: z.union([
    z.string().min(1),
    z.instanceof(URL),
    z.custom<() => Server | Promise<Server>>(
      (value) => typeof value === 'function',
      'a function, a module path or a file: URL',
    ),
  ]),
  /** Where every worker listens (shared through node:cluster): `{ host, port }` or `{ path }`. */
  listen: z.custom<ServerEndpoint>(
    (value) => typeof value === 'object' && value !== null,
    'an endpoint: { host, port } or { path }',
  ),
  /**
   * Who spreads the connections: `round-robin` (the primary accepts and hands them out in turn,
   * node:cluster's default except on Windows) or `os` (the workers accept on the shared socket
   * and the kernel picks, often unevenly).
   */
  scheduling: z.enum(['round-robin', 'os']).default('round-robin'),
  /** How long (ms) a worker's calls may take to finish when the cluster shuts down. */
  drainTimeoutMs: milliseconds.default(10_000),
  /** How long (ms) the primary waits for every worker to listen at start. */
  startTimeoutMs: milliseconds.min(1).default(30_000),
  /** How crashed workers come back. */
  restart: restartSchema.prefault({}),
  /**
   * Signals on which the primary shuts the cluster down (every worker drains) and then exits;
   * workers that get them too drain the same way. Empty: none handled.
   */
  signals: z.array(z.enum(['SIGTERM', 'SIGINT', 'SIGHUP'])).default(['SIGTERM', 'SIGINT']),
});

/** Options of {@link serveCluster}, as given. */
export type ClusterOptions = z.input<typeof clusterOptionsSchema>;

/** Options of {@link serveCluster}, with their defaults. */
export type ResolvedClusterOptions = z.output<typeof clusterOptionsSchema>;

/** Restart options, with their defaults. */
export type RestartPolicy = z.output<typeof restartSchema>;
