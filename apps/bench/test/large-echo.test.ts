import { randomFillSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  EchoClientFactory,
  EchoConnection,
  EchoServerFactory,
  EchoServerHandle,
} from '../src/targets/echo-target.js';
import * as netClient from '../src/targets/net/net-client.js';
import * as netServer from '../src/targets/net/net-server.js';
import * as rawClient from '../src/targets/raw/raw-client.js';
import * as rawServer from '../src/targets/raw/raw-server.js';

/** The large payload of the flow scenario, bigger than a Connection's default 4 MiB mark. */
const LARGE_PAYLOAD = 15 * 1024 * 1024;

let server: EchoServerHandle | undefined;
let connection: EchoConnection | undefined;

afterEach(async () => {
  await connection?.close();
  await server?.close();
  connection = undefined;
  server = undefined;
});

function echo(client: EchoConnection, payload: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    client.call(payload, (error, reply) =>
      error === undefined && reply !== undefined ? resolve(reply.slice()) : reject(error),
    ),
  );
}

const TARGETS: [string, EchoServerFactory, EchoClientFactory][] = [
  ['raw', rawServer.startEchoServer, rawClient.connectEchoClient],
  // Larger than a @yrpc/net Connection's default 4 MiB input high-water mark.
  ['net', netServer.startEchoServer, netClient.connectEchoClient],
];

describe.each(TARGETS)(
  '%s target with the 15 MiB payload of the flow scenario',
  (_, start, connect) => {
    it('echoes it back byte for byte, twice in a row, with a small call in between', async () => {
      server = await start({ host: '127.0.0.1', port: 0 });
      connection = await connect({
        host: '127.0.0.1',
        port: server.port,
        payloadSize: LARGE_PAYLOAD,
        concurrency: 1,
      });
      const large = randomFillSync(Buffer.allocUnsafe(LARGE_PAYLOAD));
      const small = Buffer.from('after the large one');
      for (const payload of [large, small, large]) {
        const reply = await echo(connection, payload);
        expect(reply.length).toBe(payload.length);
        expect(Buffer.compare(reply, payload)).toBe(0);
      }
    });
  },
);
