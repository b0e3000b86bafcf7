import { Duplex } from 'node:stream';
import { bench, do_not_optimize, group, summary } from 'mitata';
import { Connection } from '../src/index.js';

/** A transport that discards writes; the bench emits its 'data' events itself. */
function stubSocket(): Duplex {
  return new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

/** `count` frames of `| u32 body length | body |` with `bodyLength`-byte bodies, back to back. */
function frames(count: number, bodyLength: number): Buffer {
  const bytes = Buffer.alloc(count * (4 + bodyLength), 7);
  for (let i = 0; i < count; i++) bytes.writeUInt32BE(bodyLength, i * (4 + bodyLength));
  return bytes;
}

/** Splits `bytes` into chunks of at most `size` bytes, as a socket delivers them. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    chunks.push(Buffer.from(bytes.subarray(at, Math.min(at + size, bytes.length))));
  }
  return chunks;
}

/** Parses and skips every complete frame; returns a checksum so nothing is optimised away. */
function consumeFrames(connection: Connection): number {
  const input = connection.input;
  let sum = 0;
  while (input.readableBytes >= 4) {
    const length = input.peekU32();
    if (input.readableBytes < 4 + length) break;
    sum += input.peekU8(4);
    input.retrieve(4 + length);
  }
  return sum;
}

/**
 * The Connection input path (data event → adopt → pause check → readable handler) fed by
 * emitting 'data' on a stub socket, so only Connection and ByteBuffer are measured.
 */
export function registerConnectionInputBenches(): void {
  summary(() => {
    group('Connection input: small frames', () => {
      const manySocket = stubSocket();
      const many = new Connection(manySocket);
      let sum = 0;
      many.onReadable((c) => {
        sum += consumeFrames(c);
      });
      // 2,978 frames of 22 bytes: one 64 KiB socket read of whole frames.
      const full = frames(2978, 18);
      bench('one 64 KiB chunk of 2,978 22-byte frames', () => {
        manySocket.emit('data', full);
        do_not_optimize(sum);
      }).gc('inner');

      const tinySocket = stubSocket();
      const tiny = new Connection(tinySocket);
      tiny.onReadable((c) => {
        sum += consumeFrames(c);
      });
      const single = frames(1, 18);
      bench('64 chunks of one 22-byte frame each', () => {
        for (let i = 0; i < 64; i++) tinySocket.emit('data', single);
        do_not_optimize(sum);
      }).gc('inner');
    });
  });

  const frameBody = 1024 * 1024;
  const big = chunked(frames(1, frameBody), 64 * 1024);
  summary(() => {
    group('Connection input: one 1 MiB frame in 64 KiB chunks', () => {
      for (const mode of ['take', 'expectInput + take', 'expectInput + takeOwned'] as const) {
        const socket = stubSocket();
        const connection = new Connection(socket);
        const expect = mode !== 'take';
        const owned = mode === 'expectInput + takeOwned';
        let kept: Uint8Array | undefined;
        connection.onReadable((c) => {
          const input = c.input;
          if (input.readableBytes < 4) return;
          const length = input.peekU32();
          if (input.readableBytes < 4 + length) {
            if (expect) c.expectInput(4 + length);
            return;
          }
          input.retrieve(4);
          kept = owned ? input.takeOwned(length) : input.take(length);
        });
        bench(`consumer keeps the payload (${mode})`, () => {
          for (const chunk of big) socket.emit('data', chunk);
          do_not_optimize(kept);
        }).gc('inner');
      }
    });
  });
}
