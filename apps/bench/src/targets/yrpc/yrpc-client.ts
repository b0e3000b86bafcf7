import { Client, type ClientOptions, type ClientPool } from '@yrpc/rpc';
import type { EchoClientFactory, EchoConnection, EchoReplyCallback } from '../echo-target.js';
import { loadYrpcEcho, type YrpcEchoLoader } from './yrpc-echo-service.js';

const EMPTY = new Uint8Array(0);

/** protobufjs leaves an absent `bytes` field at its default, which is not always a Uint8Array. */
function toBytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : EMPTY;
}

/** What an echo connection calls through: a @yrpc/rpc Client, or a ClientPool. */
export type YrpcEchoCaller = Pick<Client | ClientPool, 'connect' | 'close' | 'unaryCallback'>;

/** Makes the caller of one echo connection to the server at `endpoint`. */
export type YrpcEchoOpener = (
  endpoint: { readonly host: string; readonly port: number },
  options: ClientOptions,
) => YrpcEchoCaller;

const openClient: YrpcEchoOpener = ({ host, port }, options) => new Client({ host, port }, options);

/**
 * The yrpc echo client factory with these Client options (the `yrpc-interceptors` target gives
 * it interceptors) calling the Echo method `load` gives (the `yrpc-unconverted` target gives it
 * one without message conversion): one @yrpc/rpc Client (one connection) making callback-style
 * unary Echo calls; `open` makes something else to call through (the `yrpc-round-robin` target:
 * a balancing ClientPool).
 */
export function yrpcEchoClient(
  options: ClientOptions = {},
  load: YrpcEchoLoader = loadYrpcEcho,
  open: YrpcEchoOpener = openClient,
): EchoClientFactory {
  return async ({ host, port }) => {
    const { echo } = load();
    const client = open({ host, port }, options);
    await client.connect();
    const connection: EchoConnection = {
      call(payload: Uint8Array, onReply: EchoReplyCallback): void {
        client.unaryCallback<{ payload?: Uint8Array }>(
          echo,
          { payload },
          undefined,
          (error, reply) =>
            onReply(error ?? undefined, error ? undefined : toBytes(reply?.payload)),
        );
      },
      close: () => client.close(),
    };
    return connection;
  };
}

/** One @yrpc/rpc Client with default options (one connection) making unary Echo calls. */
export const connectEchoClient: EchoClientFactory = yrpcEchoClient();
