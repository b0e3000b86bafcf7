import { bench, do_not_optimize, group, summary } from 'mitata';
import { ByteBuffer } from '../src/index.js';

/** ByteBuffer micro-benchmarks: frame-shaped writes and reads, and the DataView alternative. */
export function registerByteBufferBenches(): void {
  const frames = 256;
  const body = new Uint8Array(16).fill(7);

  const encoder = new ByteBuffer({ initialCapacity: 16 * 1024, prependSize: 8 });
  const plain = new Uint8Array(16 * 1024 + 8);
  const plainView = new DataView(plain.buffer);

  summary(() => {
    group('encode 256 frames (u16 + u32 + 16-byte body), then a u32 length prepended', () => {
      bench('ByteBuffer writes + prependU32 (manual shifts)', () => {
        encoder.retrieveAll();
        for (let i = 0; i < frames; i++) {
          encoder.writeU16(1);
          encoder.writeU32(i);
          encoder.writeBytes(body);
        }
        encoder.prependU32(encoder.readableBytes);
        do_not_optimize(encoder);
      });
      bench('DataView writes into a plain Uint8Array', () => {
        let at = 8;
        for (let i = 0; i < frames; i++) {
          plainView.setUint16(at, 1);
          plainView.setUint32(at + 2, i);
          plain.set(body, at + 6);
          at += 22;
        }
        plainView.setUint32(4, at - 8);
        do_not_optimize(plain);
      });
    });
  });

  const source = new ByteBuffer({ initialCapacity: 64 * 1024 });
  for (let i = 0; i < 4096; i++) source.writeU32(i);
  const bytes = source.view();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  summary(() => {
    group('read 4096 u32', () => {
      bench('ByteBuffer.peekU32 (manual shifts)', () => {
        let sum = 0;
        for (let i = 0; i < 4096; i++) sum += source.peekU32(i * 4);
        do_not_optimize(sum);
      });
      bench('DataView.getUint32', () => {
        let sum = 0;
        for (let i = 0; i < 4096; i++) sum += view.getUint32(i * 4);
        do_not_optimize(sum);
      });
      bench('Buffer.readUInt32BE', () => {
        const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        let sum = 0;
        for (let i = 0; i < 4096; i++) sum += buffer.readUInt32BE(i * 4);
        do_not_optimize(sum);
      });
    });
  });

  group('stream through one buffer', () => {
    const buffer = new ByteBuffer();
    const chunk = new Uint8Array(4096).fill(1);
    bench('writeBytes 4 KiB, then read it as 256 x (u32 + 12-byte view)', () => {
      buffer.writeBytes(chunk);
      while (buffer.readableBytes >= 16) {
        do_not_optimize(buffer.readU32());
        do_not_optimize(buffer.readView(12));
      }
    });
  });
}
