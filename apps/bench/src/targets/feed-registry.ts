import type { FeedClientFactory, FeedServerFactory } from './feed-target.js';
import { GRPC_TARGET, LIMIT_TARGET } from './target-registry.js';

/** A target of the streaming scenario: loaders for its feed server and client. */
export interface FeedTarget {
  /** The same name as the target's echo entry (`yrpc`, `grpc-js`, `raw`). */
  readonly name: string;
  readonly description: string;
  /** Whether the target applies the scenario's flow-control windows (yrpc only). */
  readonly usesWindows: boolean;
  loadServer(): Promise<FeedServerFactory>;
  loadClient(): Promise<FeedClientFactory>;
}

/**
 * Every target with a server-streaming implementation, in report order. Loaders use dynamic
 * imports so a child process loads only the one target it runs.
 */
export const FEED_TARGETS: readonly FeedTarget[] = [
  {
    name: 'yrpc',
    description:
      'yrpc server streaming: async function* handler yielding messages, client `for await`',
    usesWindows: true,
    loadServer: async () => (await import('./yrpc/yrpc-feed-server.js')).startFeedServer,
    loadClient: async () => (await import('./yrpc/yrpc-feed-client.js')).connectFeedClient,
  },
  {
    name: LIMIT_TARGET,
    description:
      'node:net stream of length-prefixed frames written as fast as the socket takes them (the limit)',
    usesWindows: false,
    loadServer: async () => (await import('./raw/raw-feed-server.js')).startFeedServer,
    loadClient: async () => (await import('./raw/raw-feed-client.js')).connectFeedClient,
  },
  {
    name: GRPC_TARGET,
    description: '@grpc/grpc-js server streaming (call.write until it asks for drain), insecure',
    usesWindows: false,
    loadServer: async () => (await import('./grpc-js/grpc-feed-server.js')).startFeedServer,
    loadClient: async () => (await import('./grpc-js/grpc-feed-client.js')).connectFeedClient,
  },
];

/** Names of the targets the streaming scenario can run. */
export const FEED_TARGET_NAMES: readonly string[] = FEED_TARGETS.map((target) => target.name);

/** The feed target called `name`; throws when there is none. */
export function requireFeedTarget(name: string): FeedTarget {
  const target = FEED_TARGETS.find((entry) => entry.name === name);
  if (target === undefined) {
    throw new Error(
      `no streaming implementation for target "${name}" (known: ${FEED_TARGET_NAMES.join(', ')})`,
    );
  }
  return target;
}
