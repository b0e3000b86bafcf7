import { createServer, connect as netConnect, type Socket } from 'node:net';
import { type Connection, connect, Listener } from '../src/index.js';

/** Memory the process holds now: heap plus Buffers/ArrayBuffers, after a full GC when exposed. */
function heldBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function rawSocketPairs(count: number): Promise<() => void> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const clients: Socket[] = [];
  for (let i = 0; i < count; i++) {
    const socket = netConnect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    clients.push(socket);
  }
  while (accepted.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  return () => {
    for (const socket of [...clients, ...accepted]) socket.destroy();
    server.close();
  };
}

async function connectionPairs(count: number): Promise<() => Promise<void>> {
  const listener = await Listener.listen({ port: 0 });
  const clients: Connection[] = [];
  for (let i = 0; i < count; i++) clients.push(await connect({ port: listener.port as number }));
  while (listener.connectionCount < count) await new Promise((resolve) => setTimeout(resolve, 5));
  return async () => {
    for (const client of clients) client.abort();
    await listener.stop(100);
  };
}

/**
 * Memory per idle connection end (client and server ends both live in this process), for raw
 * `net.Socket`s and for @yrpc/net Connections over them; the difference is what a Connection adds.
 */
export async function measureIdleMemory(count = 1000): Promise<void> {
  // Warm up both paths first, so lazily created module state is not counted.
  (await rawSocketPairs(50))();
  await (await connectionPairs(50))();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = heldBytes();
  const closeRaw = await rawSocketPairs(count);
  const raw = (heldBytes() - before) / (2 * count);
  closeRaw();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const beforeConnections = heldBytes();
  const closeConnections = await connectionPairs(count);
  const withConnection = (heldBytes() - beforeConnections) / (2 * count);
  await closeConnections();
  console.log(
    `idle memory per connection end (${count} pairs, heap + ArrayBuffers): net.Socket ${(raw / 1024).toFixed(1)} KiB, Connection ${(withConnection / 1024).toFixed(1)} KiB (+${((withConnection - raw) / 1024).toFixed(1)} KiB)`,
  );
}
