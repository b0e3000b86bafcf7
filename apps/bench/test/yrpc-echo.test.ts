import { afterEach, describe, expect, it } from 'vitest';
import type { EchoConnection, EchoServerHandle } from '../src/targets/echo-target.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-client.js';
import * as interceptedClient from '../src/targets/yrpc/yrpc-interceptors-client.js';
import * as interceptedServer from '../src/targets/yrpc/yrpc-interceptors-server.js';
import { startEchoServer } from '../src/targets/yrpc/yrpc-server.js';

let server: EchoServerHandle | undefined;
const connections: EchoConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  await server?.close();
  server = undefined;
});

function echo(connection: EchoConnection, payload: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    connection.call(payload, (error, reply) =>
      error === undefined && reply !== undefined ? resolve(reply.slice()) : reject(error),
    ),
  );
}

/** The yrpc target and the same target with one no-op interceptor on each side. */
const PLAIN = { name: 'yrpc', startEchoServer, connectEchoClient };
const INTERCEPTED = {
  name: 'yrpc-interceptors',
  startEchoServer: interceptedServer.startEchoServer,
  connectEchoClient: interceptedClient.connectEchoClient,
};

describe.each([PLAIN, INTERCEPTED])('$name echo target over loopback', (target) => {
  it('echoes empty, small and 256 KiB payloads on two connections, many in flight', async () => {
    server = await target.startEchoServer({ host: '127.0.0.1', port: 0 });
    const options = { host: '127.0.0.1', port: server.port, payloadSize: 16, concurrency: 64 };
    connections.push(
      await target.connectEchoClient(options),
      await target.connectEchoClient(options),
    );
    const payloads = [0, 16, 256 * 1024, ...Array.from({ length: 64 }, (_, i) => 16 + i)].map(
      (size) => Buffer.alloc(size, size & 0xff),
    );
    for (const connection of connections) {
      const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
      replies.forEach((reply, index) => {
        expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
      });
    }
  });

  it('fails calls after close instead of hanging', async () => {
    server = await target.startEchoServer({ host: '127.0.0.1', port: 0 });
    const connection = await target.connectEchoClient({
      host: '127.0.0.1',
      port: server.port,
      payloadSize: 16,
      concurrency: 1,
    });
    await connection.close();
    await expect(echo(connection, new Uint8Array(4))).rejects.toThrowError(/closed/);
  });
});

describe('yrpc-interceptors target over loopback', () => {
  const passed = () => ({
    server: interceptedServer.serverInterceptorCalls.passed,
    client: interceptedClient.clientInterceptorCalls.passed,
  });

  async function connect(target: typeof PLAIN): Promise<EchoConnection> {
    server = await target.startEchoServer({ host: '127.0.0.1', port: 0 });
    const options = { host: '127.0.0.1', port: server.port, payloadSize: 16, concurrency: 64 };
    const connection = await target.connectEchoClient(options);
    connections.push(connection);
    return connection;
  }

  it('passes every call through its server and its client interceptor', async () => {
    const connection = await connect(INTERCEPTED);
    const before = passed();
    const payloads = Array.from({ length: 100 }, (_, i) => Buffer.alloc(16, i));
    const replies = await Promise.all(payloads.map((payload) => echo(connection, payload)));
    replies.forEach((reply, index) => {
      expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
    });
    expect(passed()).toEqual({ server: before.server + 100, client: before.client + 100 });
  });

  it('leaves the plain yrpc target without interceptors', async () => {
    const connection = await connect(PLAIN);
    const before = passed();
    const payload = Buffer.alloc(16, 7);
    expect(Buffer.compare(await echo(connection, payload), payload)).toBe(0);
    expect(passed()).toEqual(before);
  });
});
