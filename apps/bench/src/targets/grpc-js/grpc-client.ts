import { type Client, credentials, type ServiceError } from '@grpc/grpc-js';
import type { EchoClientFactory, EchoConnection, EchoReplyCallback } from '../echo-target.js';
import { type EchoMessage, loadEchoService } from './echo-service.js';

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 30_000;

type UnaryEcho = (
  request: EchoMessage,
  callback: (error: ServiceError | null, reply?: EchoMessage) => void,
) => void;

/**
 * Opens one grpc-js channel. `grpc.use_local_subchannel_pool` keeps channels from sharing a
 * subchannel, so each "connection" of the harness is its own HTTP/2 connection.
 */
export const connectEchoClient: EchoClientFactory = async ({ host, port }) => {
  const EchoClient = loadEchoService();
  const client: Client = new EchoClient(`${host}:${port}`, credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': 1,
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  await new Promise<void>((resolve, reject) => {
    client.waitForReady(Date.now() + CONNECT_TIMEOUT_MS, (error) =>
      error === undefined ? resolve() : reject(error),
    );
  });
  const unaryEcho = (client as unknown as { Echo: UnaryEcho }).Echo.bind(client);
  const connection: EchoConnection = {
    call(payload: Uint8Array, onReply: EchoReplyCallback): void {
      const request = { payload: Buffer.from(payload.buffer, payload.byteOffset, payload.length) };
      unaryEcho(request, (error, reply) => {
        onReply(error ?? undefined, reply?.payload);
      });
    },
    close: async () => {
      client.close();
    },
  };
  return connection;
};
