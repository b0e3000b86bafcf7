import { Server } from '@yrpc/rpc';
import type { FeedServerFactory } from '../feed-target.js';
import { type FeedMessage, type FeedRequest, loadYrpcFeed } from './yrpc-feed-service.js';

/**
 * Starts a @yrpc/rpc Server whose `Subscribe` handler is an `async function*` yielding the same
 * message over and over: the library sends each within the client's stream credit before it
 * pulls the next, and ends the generator when the client cancels.
 */
export const startFeedServer: FeedServerFactory = async ({
  host,
  port,
  flowControl,
  onStreamStart,
  tally,
}) => {
  const server = new Server(flowControl === undefined ? {} : { flowControl: { ...flowControl } });
  server.addService(loadYrpcFeed(), {
    async *Subscribe(request: FeedRequest): AsyncGenerator<FeedMessage> {
      onStreamStart?.();
      const message: FeedMessage = { payload: Buffer.alloc(request.size ?? 0, 0x5a) };
      const counted = tally ?? { produced: 0 };
      for (;;) {
        counted.produced++;
        yield message;
      }
    },
  });
  const bound = await server.listen({ host, port });
  return { port: bound.port ?? port, close: () => server.close() };
};
