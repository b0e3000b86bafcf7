export {
  type ClusterOptions,
  clusterOptionsSchema,
  type ServerSetup,
} from './cluster-options.js';
export {
  ClusterPrimary,
  type ClusterStats,
  type WorkerInfo,
  type WorkerStats,
} from './cluster-primary.js';
export { ClusterStartError } from './cluster-start-error.js';
export { reusePortSupported } from './reuse-port.js';
export { serveCluster } from './serve-cluster.js';
export type { ClusterWorker } from './worker-side.js';
