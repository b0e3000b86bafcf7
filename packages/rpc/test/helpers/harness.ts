import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Client,
  type ClientEndpoint,
  type ClientOptions,
  isRpcError,
  type RpcError,
  Server,
  type ServerEndpoint,
  type ServerOptions,
} from '../../src/index.js';
import { Echo, type EchoLog, echoImplementation } from './echo-service.js';

/** A running echo server and what a test needs to talk to it and clean up. */
export interface Harness {
  readonly server: Server;
  readonly endpoint: ClientEndpoint;
  readonly log: EchoLog;
  /** A client of the server, closed by {@link Harness.close}. */
  client(options?: ClientOptions, endpoint?: ClientEndpoint): Client;
  /** Closes every client made and the server. */
  close(): Promise<void>;
}

/** Starts the echo server on `listenOn` (default: loopback TCP, any port). */
export async function startEchoServer(
  options: ServerOptions = {},
  listenOn: ServerEndpoint = { host: '127.0.0.1', port: 0 },
  clientTls?: ClientEndpoint['tls'],
): Promise<Harness> {
  const log: EchoLog = { events: [] };
  const server = new Server(options).addService(Echo, echoImplementation(log));
  const bound = await server.listen(listenOn);
  const endpoint: ClientEndpoint =
    bound.path !== undefined
      ? { path: bound.path }
      : {
          host: bound.host ?? '127.0.0.1',
          port: bound.port ?? 0,
          ...(clientTls ? { tls: clientTls } : {}),
        };
  const clients: Client[] = [];
  return {
    server,
    endpoint,
    log,
    client(clientOptions = {}, to = endpoint) {
      const client = new Client(to, clientOptions);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
      await server.close();
    },
  };
}

/** A fresh directory for Unix sockets, and its cleanup. */
export function socketDirectory(): { path(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'yrpc-rpc-'));
  return {
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Polls `condition` every few ms until it holds or `timeoutMs` passes. */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The RpcError a call failed with; fails the test if it succeeded or failed otherwise. */
export async function rejection(promise: PromiseLike<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (isRpcError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
