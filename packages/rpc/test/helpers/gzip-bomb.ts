import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A gzip stream of `mebibytes` MiB of zeros, built in milliseconds without compressing them
 * all: one MiB of zeros deflated with a full flush (byte-aligned, independent blocks) repeated,
 * a final empty block, and the gzip header and trailer (CRC-32 and length of the whole).
 * 1 GiB comes to about 1 MiB.
 */
export function gzipBomb(mebibytes: number): Buffer {
  const mebibyte = Buffer.alloc(1 << 20);
  const block = deflateRawSync(mebibyte, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  // A final fixed-Huffman block holding only its end-of-block code.
  const finalBlock = Buffer.from([0x03, 0x00]);
  let crc = 0;
  for (let i = 0; i < mebibytes; i++) crc = crc32(mebibyte, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((mebibytes * (1 << 20)) % 2 ** 32, 4);
  return Buffer.concat([
    header,
    ...Array.from({ length: mebibytes }, () => block),
    finalBlock,
    trailer,
  ]);
}
