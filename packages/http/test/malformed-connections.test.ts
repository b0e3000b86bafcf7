import { connect as netConnect, type Socket } from 'node:net';
import { Client, Server } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProtocols } from '../src/http-protocols.js';
import { InteropLog, Numbers, numbersImplementation } from './helpers/interop-service.js';

// Connections that break HTTP itself: each is answered (or dropped) alone, and the server goes
// on serving every other connection, over HTTP and over the yrpc protocol.

let server: Server;
let port: number;

beforeAll(async () => {
  server = new Server({ protocols: [httpProtocols({ idleTimeoutMs: 300 })] }).addService(
    Numbers,
    numbersImplementation(new InteropLog()),
  );
  ({ port } = await server.listen({ host: '127.0.0.1', port: 0 }));
});

afterAll(() => server.close());

/**
 * Writes `bytes` on a new connection; resolves with what came back once the server closed it
 * (fails when it keeps the connection open for 3 s).
 */
function exchange(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = netConnect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open'));
    }, 3000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(received));
    });
    socket.write(bytes);
  });
}

/** The server still answers over the yrpc protocol and over Connect. */
async function stillServes(): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port });
  const numbers = client.service(Numbers) as unknown as {
    Double(request: { value: number }): Promise<{ value: number }>;
  };
  expect((await numbers.Double({ value: 2 })).value).toBe(4);
  await client.close();
  const response = await fetch(`http://127.0.0.1:${port}/yrpc.test.interop.Numbers/Double`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"value": 5}',
  });
  expect(await response.json()).toEqual({ value: 10 });
}

describe('malformed connections', () => {
  it('answers an HTTP/2 connection that sends garbage after its preface with a GOAWAY, and drops it once idle', async () => {
    const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
    // A frame header announcing a SETTINGS frame of 7 bytes: not a multiple of 6.
    const bad = Buffer.from([0, 0, 7, 4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
    const answer = await exchange(Buffer.concat([preface, bad]));
    // The server's own SETTINGS, then a GOAWAY (frame type 7) before it closes.
    expect(answer.includes(Buffer.from([7, 0, 0, 0, 0, 0]))).toBe(true);
    await stillServes();
  });

  it('answers a request line that does not parse with 400 and closes', async () => {
    const answer = await exchange(Buffer.from('POST /x HTTP/1.1\r\nbad header line\r\n\r\n'));
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);
    await stillServes();
  });

  it('gives another protocol that looks like neither to the yrpc protocol, which drops it', async () => {
    const answer = await exchange(Buffer.from('HELLO? is anybody there\r\n'));
    expect(answer.length).toBeLessThan(256);
    await stillServes();
  });
});
