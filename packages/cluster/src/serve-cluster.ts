import cluster from 'node:cluster';
import { parseOptions } from '@yrpc/rpc';
import { type ClusterOptions, clusterOptionsSchema } from './cluster-options.js';
import { ClusterPrimary } from './cluster-primary.js';
import { type ClusterWorker, serveWorker } from './worker-side.js';

/**
 * Serves one yrpc server on `workers` processes with node:cluster, all on the `listen` endpoint.
 * Call it at the top of the program: in the primary process it forks the workers (which run
 * the same program again) and resolves with the {@link ClusterPrimary} once every worker
 * listens; in a worker it makes the server with `setup`, listens and resolves with the
 * {@link ClusterWorker}. Check `isPrimary` to tell them apart.
 *
 * @example
 * const served = await serveCluster({ workers: 2, setup: makeServer, listen: { host: '0.0.0.0', port: 50051 } });
 * if (served.isPrimary) console.log(`serving on ${served.endpoint.port}`);
 */
export async function serveCluster(
  options: ClusterOptions,
): Promise<ClusterPrimary | ClusterWorker> {
  const parsed = parseOptions(clusterOptionsSchema, options, 'serveCluster');
  return cluster.isPrimary ? await ClusterPrimary.start(parsed) : await serveWorker(parsed);
}
