import { Server, ServerCredentials, type ServerWritableStream } from '@grpc/grpc-js';
import type { FeedServerFactory } from '../feed-target.js';
import { type FeedMessage, type FeedRequest, loadFeedService } from './feed-service.js';

/**
 * Starts a @grpc/grpc-js server whose server-streaming `Subscribe` writes the same message as
 * long as `call.write` accepts more, waits for `'drain'` when it does not (grpc-js's backpressure,
 * which follows HTTP/2 flow control), and stops when the client cancels.
 */
export const startFeedServer: FeedServerFactory = async ({ host, port, onStreamStart, tally }) => {
  const server = new Server();
  server.addService(loadFeedService().service, {
    Subscribe(call: ServerWritableStream<FeedRequest, FeedMessage>): void {
      onStreamStart?.();
      const message: FeedMessage = { payload: Buffer.alloc(call.request.size, 0x5a) };
      const counted = tally ?? { produced: 0 };
      let over = false;
      const stop = (): void => {
        over = true;
      };
      call.once('cancelled', stop);
      call.once('error', stop);
      call.once('close', stop);
      const produce = (): void => {
        while (!over) {
          counted.produced++;
          if (!call.write(message)) {
            call.once('drain', produce);
            return;
          }
        }
      };
      produce();
    },
  });
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    );
  });
  return {
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 1_000).unref();
      }),
  };
};
