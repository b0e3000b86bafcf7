/** The cluster did not start: a worker's setup or listen failed, or it did not listen in time. */
export class ClusterStartError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'CLUSTER_START_FAILED' as const;

  constructor(message: string) {
    super(message);
    this.name = 'ClusterStartError';
  }
}
