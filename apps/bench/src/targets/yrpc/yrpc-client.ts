import { Client } from '@yrpc/rpc';
import type { EchoClientFactory, EchoConnection, EchoReplyCallback } from '../echo-target.js';
import { loadYrpcEcho } from './yrpc-echo-service.js';

const EMPTY = new Uint8Array(0);

/** protobufjs leaves an absent `bytes` field at its default, which is not always a Uint8Array. */
function toBytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : EMPTY;
}

/** One @yrpc/rpc Client (one connection) making callback-style unary Echo calls. */
export const connectEchoClient: EchoClientFactory = async ({ host, port }) => {
  const { echo } = loadYrpcEcho();
  const client = new Client({ host, port });
  await client.connect();
  const connection: EchoConnection = {
    call(payload: Uint8Array, onReply: EchoReplyCallback): void {
      client.unaryCallback<{ payload?: Uint8Array }>(echo, { payload }, undefined, (error, reply) =>
        onReply(error ?? undefined, error ? undefined : toBytes(reply?.payload)),
      );
    },
    close: () => client.close(),
  };
  return connection;
};
