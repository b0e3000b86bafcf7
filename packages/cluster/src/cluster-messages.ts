import type { BoundEndpoint, ServerStats } from '@yrpc/rpc';

/** Marks this package's IPC messages among whatever else an application sends. */
export const TAG = '@yrpc/cluster';

/** What a worker tells the primary. */
export type WorkerMessage =
  | { readonly tag: typeof TAG; readonly type: 'listening'; readonly endpoint: BoundEndpoint }
  | { readonly tag: typeof TAG; readonly type: 'failed'; readonly message: string }
  | {
      readonly tag: typeof TAG;
      readonly type: 'stats';
      readonly id: number;
      readonly stats: ServerStats;
    };

/** What the primary tells a worker. */
export type PrimaryMessage =
  | { readonly tag: typeof TAG; readonly type: 'stats'; readonly id: number }
  | { readonly tag: typeof TAG; readonly type: 'shutdown'; readonly drainTimeoutMs: number };

/** Whether `message` is one of this package's. */
export function isClusterMessage(message: unknown): message is { tag: typeof TAG; type: string } {
  return (
    typeof message === 'object' && message !== null && (message as { tag?: unknown }).tag === TAG
  );
}

/** The environment variable by which the primary tells a worker its number. */
export const WORKER_INDEX_ENV = 'YRPC_CLUSTER_WORKER';
