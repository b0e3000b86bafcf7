import type { ConnectionSide } from '@yrpc/rpc';

// The file `yrpc capture --save` writes and `yrpc decode` reads: both directions of every
// connection, in the order the bytes passed the proxy.
//
//   header  "YRPC-CAPTURE 1\n" (15 bytes)
//   records, back to back, each:
//     u8  kind        1 = bytes, 2 = the direction ended (no bytes follow)
//     u8  side        0 = sent by the client (client→server), 1 = sent by the server
//     u32 connection  the connection's number, from 1, big-endian
//     u32 length      how many bytes follow, big-endian
//     bytes
//
// A file without the header is taken as the raw bytes of one direction (for example a TCP
// stream saved by another tool).

/** The first bytes of a capture dump. */
export const DUMP_HEADER = Buffer.from('YRPC-CAPTURE 1\n');
const RECORD_HEAD = 10;
const BYTES = 1;
const END = 2;

/** One record of a dump. */
export interface DumpRecord {
  readonly connection: number;
  readonly side: ConnectionSide;
  /** The bytes that passed, or `undefined` for the end of that direction. */
  readonly bytes: Uint8Array | undefined;
}

/** The bytes of one record. */
export function dumpRecord(connection: number, side: ConnectionSide, bytes?: Uint8Array): Buffer {
  const head = Buffer.alloc(RECORD_HEAD);
  head.writeUInt8(bytes === undefined ? END : BYTES, 0);
  head.writeUInt8(side === 'client' ? 0 : 1, 1);
  head.writeUInt32BE(connection, 2);
  head.writeUInt32BE(bytes?.length ?? 0, 6);
  return bytes === undefined ? head : Buffer.concat([head, bytes]);
}

/** Whether `file` starts like a capture dump (else it is one direction's raw bytes). */
export function isDump(file: Uint8Array): boolean {
  return Buffer.from(file.subarray(0, DUMP_HEADER.length)).equals(DUMP_HEADER);
}

/**
 * The records of a dump, in order.
 * @throws Error naming the offset when the file is cut short or holds an unknown record kind.
 */
export function* readDump(file: Uint8Array): Generator<DumpRecord> {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  let at = DUMP_HEADER.length;
  while (at < bytes.length) {
    if (bytes.length - at < RECORD_HEAD) throw new Error(`the dump is cut short at byte ${at}`);
    const kind = bytes.readUInt8(at);
    const side: ConnectionSide = bytes.readUInt8(at + 1) === 0 ? 'client' : 'server';
    const connection = bytes.readUInt32BE(at + 2);
    const length = bytes.readUInt32BE(at + 6);
    at += RECORD_HEAD;
    if (kind !== BYTES && kind !== END) {
      throw new Error(`unknown record kind ${kind} at byte ${at - RECORD_HEAD} of the dump`);
    }
    if (bytes.length - at < length) throw new Error(`the dump is cut short at byte ${at}`);
    yield { connection, side, bytes: kind === END ? undefined : bytes.subarray(at, at + length) };
    at += length;
  }
}
