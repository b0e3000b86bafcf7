import { fileURLToPath } from 'node:url';
import {
  Client,
  loadProtoSync,
  RpcError,
  Server,
  type ServerOptions,
  type ServiceStub,
  Status,
  sleep,
} from '@yrpc/rpc';

export interface Text {
  text?: string;
  count?: number;
}

export interface RelayShape {
  Say: { request: Text; response: Text };
  Forward: { request: Text; response: Text };
  Fail: { request: Text; response: Text };
  Wait: { request: Text; response: Text };
  Count: { request: Text; response: Text; kind: 'server-streaming' };
  Chat: { request: Text; response: Text; kind: 'bidi-streaming' };
}

/** The Relay service of test/fixtures/relay.proto. */
export const Relay = loadProtoSync(
  fileURLToPath(new URL('../fixtures/relay.proto', import.meta.url)),
).service<RelayShape>('yrpc.otel.test.Relay');

/** What the handlers saw, for tests to wait on. */
export interface RelayLog {
  /** Calls of Wait that started. */
  waiting: number;
}

/**
 * A Relay server on a free loopback port; its Forward calls Say through `next` (a client of
 * the next server), after an await.
 */
export async function relayServer(
  options: ServerOptions,
  next?: ServiceStub<RelayShape>,
  log: RelayLog = { waiting: 0 },
): Promise<{ server: Server; port: number }> {
  const server = new Server(options).addService(Relay, {
    Say: (request) => ({ text: `said ${request.text}` }),
    async Forward(request) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (next === undefined) throw new RpcError(Status.FAILED_PRECONDITION, 'no next hop');
      const reply = await next.Say({ text: request.text ?? '' });
      return { text: `forwarded ${reply.text}` };
    },
    Fail: (request) => {
      throw new RpcError(Status.NOT_FOUND, `no ${request.text}`);
    },
    *Wait(request) {
      log.waiting++;
      yield* sleep(request.count ?? 0);
      return { text: 'waited' };
    },
    async *Count(request) {
      for (let index = 1; index <= (request.count ?? 0); index++) yield { text: `${index}` };
    },
    async *Chat(requests) {
      for await (const request of requests) yield { text: `re ${request.text}` };
    },
  });
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, port };
}

/** A client of a Relay server on loopback `port`. */
export function relayClient(
  port: number,
  options: ConstructorParameters<typeof Client>[1] = {},
): { client: Client; relay: ServiceStub<RelayShape> } {
  const client = new Client({ host: '127.0.0.1', port }, options);
  return { client, relay: client.service(Relay) };
}
