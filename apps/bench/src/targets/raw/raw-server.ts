import { createServer, type Socket } from 'node:net';
import type { EchoServerFactory, EchoServerHandle } from '../echo-target.js';
import { RawFrameReader } from './frame-reader.js';
import { appendRawFrame, RAW_MAX_PAYLOAD } from './raw-frame.js';
import { WriteBatch } from './write-batch.js';

/**
 * Serves one connection: frames are parsed in place from each chunk, every reply is written into
 * one batch, and the batch leaves in one socket write per data event. Reading pauses while the
 * socket's send buffer is over its high-water mark.
 */
function serveConnection(socket: Socket): void {
  const batch = new WriteBatch();
  // Large payloads go back by reference, so the reader must not reuse their buffers.
  const reader = new RawFrameReader(
    RAW_MAX_PAYLOAD,
    (bytes, start, end, requestId) => appendRawFrame(batch, requestId, bytes, start, end),
    true,
  );
  const resume = (): void => {
    socket.resume();
  };
  socket.on('data', (chunk: Buffer) => {
    try {
      reader.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    if (batch.length > 0 && !batch.flush(socket)) {
      socket.pause();
      socket.once('drain', resume);
    }
  });
  // A client that goes away mid-round is normal at the end of a run; nothing to report.
  socket.on('error', () => {});
}

/** Starts the raw framed echo server (see `raw-frame.ts` for the wire format). */
export const startEchoServer: EchoServerFactory = async ({ host, port }) => {
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('raw echo server did not bind a TCP port');
  }
  const handle: EchoServerHandle = {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return handle;
};
