import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import type { EchoServerFactory } from '../echo-target.js';
import { type EchoMessage, loadEchoService } from './echo-service.js';

/** Most bytes one message may carry; the default 4 MiB already fits, this leaves headroom. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function echo(
  call: ServerUnaryCall<EchoMessage, EchoMessage>,
  callback: sendUnaryData<EchoMessage>,
): void {
  callback(null, { payload: call.request.payload });
}

/** Starts a @grpc/grpc-js server with the unary Echo service, insecure (loopback only). */
export const startEchoServer: EchoServerFactory = async ({ host, port }) => {
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  server.addService(loadEchoService().service, { Echo: echo });
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
        // Calls left in flight at the end of a round must not hold the shutdown open.
        setTimeout(() => server.forceShutdown(), 1_000).unref();
      }),
  };
};
