import { afterEach, describe, expect, it } from 'vitest';
import type { EchoConnection, EchoServerHandle } from '../src/targets/echo-target.js';
import { connectEchoClient } from '../src/targets/yrpc/yrpc-client.js';
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

describe('yrpc echo target over loopback', () => {
  it('echoes empty, small and 256 KiB payloads on two connections, many in flight', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const options = { host: '127.0.0.1', port: server.port, payloadSize: 16, concurrency: 64 };
    connections.push(await connectEchoClient(options), await connectEchoClient(options));
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
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const connection = await connectEchoClient({
      host: '127.0.0.1',
      port: server.port,
      payloadSize: 16,
      concurrency: 1,
    });
    await connection.close();
    await expect(echo(connection, new Uint8Array(4))).rejects.toThrowError(/closed/);
  });
});
