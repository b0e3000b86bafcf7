import { Client } from '@yrpc/rpc';
import type { FeedClientFactory, FeedConnection, FeedSubscription } from '../feed-target.js';
import { loadYrpcFeed } from './yrpc-feed-service.js';

/** How long after `cancel` the loop may take to see a message and leave; then the call is cancelled. */
const LEAVE_GRACE_MS = 500;

/**
 * One @yrpc/rpc Client (one connection). A stream is read with `for await`; `cancel` leaves the
 * loop at the next message (which cancels the call), or cancels the call itself if no message
 * comes within a grace period.
 */
export const connectFeedClient: FeedClientFactory = async ({ host, port, flowControl }) => {
  const client = new Client(
    { host, port },
    flowControl === undefined ? {} : { flowControl: { ...flowControl } },
  );
  await client.connect();
  const feed = client.service(loadYrpcFeed());
  const connection: FeedConnection = {
    subscribe(payloadSize, consume): FeedSubscription {
      const stream = feed.Subscribe({ size: payloadSize });
      let cancelled = false;
      const ended = (async (): Promise<Error | undefined> => {
        try {
          for await (const message of stream) {
            if (cancelled) break;
            const wait = consume(message.payload?.length ?? 0);
            if (wait !== undefined) await wait;
            if (cancelled) break;
          }
          return cancelled ? undefined : new Error('the server ended the stream');
        } catch (error) {
          if (cancelled) return undefined;
          return error instanceof Error ? error : new Error(String(error));
        }
      })();
      return {
        cancel() {
          if (cancelled) return;
          cancelled = true;
          const timer = setTimeout(() => stream.cancel('the bench window closed'), LEAVE_GRACE_MS);
          void ended.finally(() => clearTimeout(timer));
        },
        ended,
      };
    },
    close: () => client.close(),
  };
  return connection;
};
