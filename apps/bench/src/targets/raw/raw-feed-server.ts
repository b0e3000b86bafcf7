import { createServer, type Socket } from 'node:net';
import type { EchoServerHandle } from '../echo-target.js';
import type { FeedServerFactory, FeedTally } from '../feed-target.js';
import { RawFrameReader } from './frame-reader.js';
import { appendRawFrame, RAW_MAX_PAYLOAD, readUint32 } from './raw-frame.js';
import { WriteBatch } from './write-batch.js';

/** Bytes of frames gathered into one socket write (small frames are copied into the batch). */
export const RAW_FEED_BATCH_BYTES = 64 * 1024;

/**
 * Serves one connection of the raw feed (the limit of the streaming scenario). The client's one
 * request frame carries the payload size as a big-endian u32; the server then writes frames of
 * that size in the raw framing (`u32 length | u32 sequence number | payload`), a batch of about
 * 64 KiB per socket write (small frames copied into the batch one by one, payloads of 16 KiB and
 * more passed by reference in a vectored write), for as long as the socket takes them; when
 * `write` returns false it waits for `'drain'`. It stops when the client goes away.
 */
function serveConnection(
  socket: Socket,
  onStreamStart: (() => void) | undefined,
  tally: FeedTally | undefined,
): void {
  const batch = new WriteBatch(RAW_FEED_BATCH_BYTES + 1024);
  const counted = tally ?? { produced: 0 };
  let over = false;
  let started = false;
  let sequence = 0;
  let payload: Uint8Array = new Uint8Array(0);
  const produce = (): void => {
    while (!over) {
      let gathered = 0;
      let frames = 0;
      while (gathered < RAW_FEED_BATCH_BYTES) {
        appendRawFrame(batch, sequence, payload, 0, payload.length);
        sequence = (sequence + 1) >>> 0;
        gathered += 8 + payload.length;
        frames++;
      }
      counted.produced += frames;
      if (!batch.flush(socket)) {
        socket.once('drain', produce);
        return;
      }
    }
  };
  const reader = new RawFrameReader(RAW_MAX_PAYLOAD, (bytes, start, end) => {
    if (started || end - start !== 4) return;
    started = true;
    const size = readUint32(bytes, start);
    if (size > RAW_MAX_PAYLOAD) {
      socket.destroy();
      return;
    }
    onStreamStart?.();
    payload = Buffer.alloc(size, 0x5a);
    // Out of the data event, so that the request's chunk is not held while the stream runs.
    setImmediate(produce);
  });
  socket.on('data', (chunk: Buffer) => {
    try {
      reader.push(chunk);
    } catch {
      socket.destroy();
    }
  });
  const stop = (): void => {
    over = true;
  };
  socket.once('close', stop);
  // A client that cancels (closes) mid-stream is how every stream ends; nothing to report.
  socket.on('error', stop);
}

/** Starts the raw feed server (see `serveConnection`). */
export const startFeedServer: FeedServerFactory = async ({ host, port, onStreamStart, tally }) => {
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, onStreamStart, tally);
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
    throw new Error('raw feed server did not bind a TCP port');
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
