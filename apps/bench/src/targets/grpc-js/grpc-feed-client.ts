import { type ClientReadableStream, credentials, type ServiceError } from '@grpc/grpc-js';
import type { FeedClientFactory, FeedConnection, FeedSubscription } from '../feed-target.js';
import { type FeedMessage, type FeedRequest, loadFeedService } from './feed-service.js';

const CONNECT_TIMEOUT_MS = 30_000;

type Subscribe = (request: FeedRequest) => ClientReadableStream<FeedMessage>;

/**
 * One grpc-js channel (its own HTTP/2 connection). A stream is read through `'data'` events; a
 * slow consumer pauses the stream while a message is being consumed (grpc-js then stops reading
 * and HTTP/2 flow control holds the server back).
 */
export const connectFeedClient: FeedClientFactory = async ({ host, port }) => {
  const FeedClient = loadFeedService();
  const client = new FeedClient(`${host}:${port}`, credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': 1,
  });
  await new Promise<void>((resolve, reject) => {
    client.waitForReady(Date.now() + CONNECT_TIMEOUT_MS, (error) =>
      error === undefined ? resolve() : reject(error),
    );
  });
  const subscribe = (client as unknown as { Subscribe: Subscribe }).Subscribe.bind(client);
  const connection: FeedConnection = {
    subscribe(payloadSize, consume): FeedSubscription {
      const call = subscribe({ size: payloadSize });
      let cancelled = false;
      const ended = new Promise<Error | undefined>((resolve) => {
        call.on('data', (message: FeedMessage) => {
          const wait = consume(message.payload.length);
          if (wait === undefined) return;
          call.pause();
          void wait.then(() => call.resume());
        });
        call.once('error', (error: ServiceError) => resolve(cancelled ? undefined : error));
        call.once('end', () =>
          resolve(cancelled ? undefined : new Error('the server ended the stream')),
        );
      });
      return {
        cancel() {
          if (cancelled) return;
          cancelled = true;
          call.cancel();
        },
        ended,
      };
    },
    close: async () => {
      client.close();
    },
  };
  return connection;
};
