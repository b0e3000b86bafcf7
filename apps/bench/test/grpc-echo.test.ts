import { afterEach, describe, expect, it } from 'vitest';
import type { EchoConnection, EchoServerHandle } from '../src/targets/echo-target.js';
import { connectEchoClient } from '../src/targets/grpc-js/grpc-client.js';
import { startEchoServer } from '../src/targets/grpc-js/grpc-server.js';

let server: EchoServerHandle | undefined;
const connections: EchoConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  await server?.close();
  server = undefined;
});

describe('grpc-js echo target over loopback', () => {
  it('echoes empty, small and 256 KiB payloads on two distinct channels', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const options = { host: '127.0.0.1', port: server.port, payloadSize: 16, concurrency: 4 };
    connections.push(await connectEchoClient(options), await connectEchoClient(options));
    const payloads = [0, 16, 256 * 1024].map((size) => Buffer.alloc(size, size & 0xff));
    for (const connection of connections) {
      const replies = await Promise.all(
        payloads.map(
          (payload) =>
            new Promise<Uint8Array>((resolve, reject) =>
              connection.call(payload, (error, reply) =>
                error === undefined && reply !== undefined ? resolve(reply) : reject(error),
              ),
            ),
        ),
      );
      replies.forEach((reply, index) => {
        expect(Buffer.compare(reply, payloads[index] as Buffer)).toBe(0);
      });
    }
  });
});
