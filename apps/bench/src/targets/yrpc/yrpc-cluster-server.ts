import cluster from 'node:cluster';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClusterOptions, type ClusterPrimary, serveCluster } from '@yrpc/cluster';
import type { EchoServerFactory, EchoServerOptions } from '../echo-target.js';
import { buildEchoServer } from './yrpc-server.js';

/** Worker processes of the `yrpc-cluster` target's server. */
export const CLUSTER_WORKERS = 2;

/**
 * The worker entry node:cluster runs (`yrpc-cluster-worker`, .ts from the sources, .js from
 * dist/): not the primary's own script, which is the harness's server child entry.
 */
const WORKER_ENTRY = fileURLToPath(
  new URL(`./yrpc-cluster-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * What the primary and its workers give `serveCluster`, the same on both sides: 2 workers, each
 * serving the `yrpc` target's echo Server (default options) on `listen`, shared.
 */
export function echoClusterOptions({ host, port }: EchoServerOptions): ClusterOptions {
  return {
    workers: CLUSTER_WORKERS,
    setup: () => buildEchoServer(),
    listen: { host, port },
    drainTimeoutMs: 2_000,
  };
}

/**
 * Starts the cluster from this (primary) process: forks the workers with `execArgv` (by default
 * this process's Node flags without `--cpu-prof*`, so a profiled run profiles the primary only
 * and the workers do not write over its profile) and resolves once both listen.
 */
export async function startEchoCluster(
  listen: EchoServerOptions,
  execArgv: readonly string[] = process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof')),
): Promise<ClusterPrimary> {
  cluster.setupPrimary({
    exec: WORKER_ENTRY,
    args: [listen.host, String(listen.port)],
    execArgv: [...execArgv],
  });
  const served = await serveCluster(echoClusterOptions(listen));
  if (!served.isPrimary) throw new Error('yrpc-cluster: the server factory runs in the primary');
  return served;
}

/**
 * The yrpc echo served by @yrpc/cluster on 2 worker processes sharing one port (round-robin
 * scheduling: the primary hands each connection to the next worker). `close` shuts the
 * cluster down and resolves once every worker has exited.
 */
export const startEchoServer: EchoServerFactory = async (listen) => {
  const primary = await startEchoCluster(listen);
  const { endpoint } = primary;
  return {
    port: 'port' in endpoint ? endpoint.port : listen.port,
    close: () => primary.shutdown(),
  };
};
