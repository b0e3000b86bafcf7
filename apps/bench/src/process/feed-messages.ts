import type { FeedFlowControl } from '../targets/feed-target.js';
import type { FeedWorkloadResult, FeedWorkloadSpec } from '../workload/feed-workload.js';
import type { RssTrace } from './rss-sampler.js';

/** How the parent starts a feed server child: its arguments, as JSON in one argv entry. */
export interface FeedServerArgs {
  readonly target: string;
  readonly flowControl: FeedFlowControl | undefined;
}

/** CPU time and memory of the feed server process at one instant. */
export interface FeedServerUsage {
  /** User + system CPU time since the process started, µs. */
  readonly cpuUs: number;
  /** Peak RSS of the process so far, KiB. */
  readonly maxRssKiB: number;
  /** RSS from the start of the (first) stream to now; absent before a stream started. */
  readonly rss: RssTrace | undefined;
  /** Messages the server produced so far (handed to its transport). */
  readonly produced: number;
  /** The longest event-loop delay since the stream started, ms; absent before. */
  readonly eventLoopMaxDelayMs: number | undefined;
}

/** Memory of the feed server process by kind, KiB (`process.memoryUsage()`). */
export interface MemoryBreakdown {
  readonly rssKiB: number;
  readonly heapUsedKiB: number;
  /** Bytes of ArrayBuffers and Buffers (message payloads, socket buffers). */
  readonly arrayBuffersKiB: number;
}

/**
 * What the server still holds after a full garbage collection at the end of the window, against
 * the same figures when the stream started: growth that a collection does not take back is
 * memory the server keeps (a backlog), the rest was garbage not yet collected.
 */
export interface RetainedMemory {
  readonly atStart: MemoryBreakdown;
  readonly afterGc: MemoryBreakdown;
}

/** Parent → feed server child. */
export type FeedServerCommand =
  | { readonly type: 'usage' }
  | { readonly type: 'retained' }
  | { readonly type: 'stop' };

/** Feed server child → parent. */
export type FeedServerReport =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'usage'; readonly usage: FeedServerUsage }
  | { readonly type: 'retained'; readonly retained: RetainedMemory | undefined }
  | { readonly type: 'failed'; readonly message: string };

/** Parent → feed client child. */
export interface FeedClientCommand {
  readonly type: 'run';
  readonly target: string;
  readonly spec: FeedWorkloadSpec;
}

/** Feed client child → parent. */
export type FeedClientReport =
  | { readonly type: 'measuring' }
  | { readonly type: 'measured' }
  | { readonly type: 'result'; readonly result: FeedWorkloadResult }
  | { readonly type: 'failed'; readonly message: string };

/** Sends a report to the parent; resolves once it is handed to the IPC channel. */
export function reportFeed(report: FeedServerReport | FeedClientReport): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(report, undefined, undefined, () => resolve());
  });
}
