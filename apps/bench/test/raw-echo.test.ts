import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EchoConnection, EchoServerHandle } from '../src/targets/echo-target.js';
import { RawFrameReader } from '../src/targets/raw/frame-reader.js';
import { connectEchoClient } from '../src/targets/raw/raw-client.js';
import { RAW_HEADER_SIZE, writeRawHeader } from '../src/targets/raw/raw-frame.js';
import { startEchoServer } from '../src/targets/raw/raw-server.js';

let server: EchoServerHandle | undefined;
const sockets: Socket[] = [];
const connections: EchoConnection[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  await server?.close();
  server = undefined;
});

function frame(id: number, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(RAW_HEADER_SIZE + payload.length);
  writeRawHeader(bytes, 0, payload.length, id);
  bytes.set(payload, RAW_HEADER_SIZE);
  return bytes;
}

function payloadOf(size: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, index) => (index * 31 + seed) & 0xff);
}

async function openClient(port: number): Promise<EchoConnection> {
  const client = await connectEchoClient({
    host: '127.0.0.1',
    port,
    payloadSize: 16,
    concurrency: 8,
  });
  connections.push(client);
  return client;
}

/** Opens a plain socket to the server and collects the frames it sends back. */
async function rawSocket(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received: { id: number; payload: Uint8Array }[] = [];
  const reader = new RawFrameReader(1 << 24, (bytes, start, end, id) => {
    received.push({ id, payload: new Uint8Array(bytes.subarray(start, end)) });
  });
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  const waitFor = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error(`only ${received.length} replies`)),
        5_000,
      );
      const check = () => {
        if (received.length < count) return;
        clearTimeout(deadline);
        socket.off('data', check);
        resolve();
      };
      socket.on('data', check);
      check();
    });
  return { socket, received, waitFor };
}

describe('raw framed echo over loopback', () => {
  it('echoes frames written many to one packet', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const { socket, received, waitFor } = await rawSocket(server.port);
    const frames = Array.from({ length: 50 }, (_, id) => ({ id, payload: payloadOf(id * 3, id) }));
    socket.write(Buffer.concat(frames.map((entry) => frame(entry.id, entry.payload))));
    await waitFor(frames.length);
    expect(received).toEqual(frames);
  });

  it('echoes frames split across packets, down to one byte per write', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const { socket, received, waitFor } = await rawSocket(server.port);
    socket.setNoDelay(true);
    const frames = [
      { id: 7, payload: payloadOf(20, 1) },
      { id: 8, payload: payloadOf(100 * 1024, 2) },
    ];
    const stream = Buffer.concat(frames.map((entry) => frame(entry.id, entry.payload)));
    for (let offset = 0; offset < 40; offset++) socket.write(stream.subarray(offset, offset + 1));
    for (let offset = 40; offset < stream.length; offset += 7_001) {
      socket.write(stream.subarray(offset, Math.min(offset + 7_001, stream.length)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(frames.length);
    expect(received.map((entry) => entry.id)).toEqual([7, 8]);
    received.forEach((entry, index) => {
      expect(Buffer.compare(entry.payload, frames[index]?.payload as Uint8Array)).toBe(0);
    });
  });

  it('closes the connection on a frame larger than the limit', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const { socket } = await rawSocket(server.port);
    const header = new Uint8Array(RAW_HEADER_SIZE);
    writeRawHeader(header, 0, 0xffffffff, 1);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(header);
    await closed;
  });

  it('matches replies to calls by request id through the raw client, small and large', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const client = await openClient(server.port);
    const payloads = [0, 1, 16, 4096, 64 * 1024, 300 * 1024, 5].map((size, seed) =>
      payloadOf(size, seed),
    );
    const replies = await Promise.all(
      payloads.map(
        (payload) =>
          new Promise<Uint8Array>((resolve, reject) => {
            client.call(payload, (error, reply) =>
              error === undefined && reply !== undefined
                ? resolve(new Uint8Array(reply))
                : reject(error),
            );
          }),
      ),
    );
    expect(replies.map((reply) => reply.length)).toEqual(payloads.map((payload) => payload.length));
    replies.forEach((reply, index) => {
      expect(Buffer.compare(reply, payloads[index] as Uint8Array)).toBe(0);
    });
  });

  it('fails calls in flight and later calls once the server has gone', async () => {
    server = await startEchoServer({ host: '127.0.0.1', port: 0 });
    const client = await openClient(server.port);
    await server.close();
    server = undefined;
    const outcome = await new Promise<Error | undefined>((resolve) => {
      client.call(payloadOf(16, 0), (error) => resolve(error));
    });
    expect(outcome).toBeInstanceOf(Error);
  });
});
