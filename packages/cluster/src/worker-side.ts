import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BoundEndpoint, Server } from '@yrpc/rpc';
import {
  isClusterMessage,
  type PrimaryMessage,
  TAG,
  WORKER_INDEX_ENV,
  type WorkerMessage,
} from './cluster-messages.js';
import type { ResolvedClusterOptions, ServerSetup } from './cluster-options.js';

/** What {@link serveCluster} gives in a worker process. */
export interface ClusterWorker {
  readonly isPrimary: false;
  /** The worker's number, 0 to `workers - 1` (a restarted worker keeps the number it replaces). */
  readonly index: number;
  /** This worker's server, listening. */
  readonly server: Server;
  /** Where it listens (shared with every worker). */
  readonly endpoint: BoundEndpoint;
}

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

/** Runs the setup of `options` in this worker process, listens and answers the primary. */
export async function serveWorker(options: ResolvedClusterOptions): Promise<ClusterWorker> {
  let server: Server;
  let endpoint: BoundEndpoint;
  try {
    server = await makeServer(options.setup);
    endpoint = await server.listen(options.listen);
  } catch (error) {
    send({
      tag: TAG,
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
    // Let the message leave before the process goes.
    if (process.connected) process.disconnect?.();
    process.exitCode = 1;
    throw error;
  }
  let stopping = false;
  const stop = (drainTimeoutMs: number): void => {
    if (stopping) return;
    stopping = true;
    server.shutdown({ drainTimeoutMs }).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message)) return;
    const request = message as PrimaryMessage;
    if (request.type === 'stats') {
      send({ tag: TAG, type: 'stats', id: request.id, stats: server.stats() });
    } else if (request.type === 'shutdown') {
      stop(request.drainTimeoutMs);
    }
  });
  // The primary is gone (killed): nobody restarts or stops this worker any more.
  process.on('disconnect', () => stop(options.drainTimeoutMs));
  // A signal sent to the whole process group reaches the workers too: they drain as on the
  // primary's word.
  for (const signal of options.signals) process.on(signal, () => stop(options.drainTimeoutMs));
  send({ tag: TAG, type: 'listening', endpoint });
  return {
    isPrimary: false,
    index: Number(process.env[WORKER_INDEX_ENV] ?? 0),
    server,
    endpoint,
  };
}

async function makeServer(setup: ServerSetup): Promise<Server> {
  if (typeof setup === 'function') return await setup();
  const url =
    setup instanceof URL
      ? setup.href
      : setup.startsWith('file:')
        ? setup
        : pathToFileURL(isAbsolute(setup) ? setup : resolve(setup)).href;
  const module = (await import(url)) as { default?: unknown; setup?: unknown };
  const make = typeof module.default === 'function' ? module.default : module.setup;
  if (typeof make !== 'function') {
    throw new TypeError(
      `the setup module ${url} exports no function (as its default export or as "setup") that makes the Server`,
    );
  }
  return await (make as () => Server | Promise<Server>)();
}
