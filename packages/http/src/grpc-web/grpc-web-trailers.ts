import type { OutgoingHttpHeaders } from 'node:http';
import type { MetadataEntry } from '@yrpc/rpc';
import { FLAG_TRAILERS, frameMessage } from '../grpc/message-framer.js';

/**
 * gRPC-Web's trailer frame: flag 0x80, then the trailers as an HTTP/1 header block (`key:
 * value\r\n` per value, keys in lower case, no closing empty line), as PROTOCOL-WEB specifies.
 */
export function trailerFrame(trailers: OutgoingHttpHeaders): Buffer {
  let block = '';
  for (const [key, value] of Object.entries(trailers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      block += `${key.toLowerCase()}: ${item}\r\n`;
    }
  }
  return frameMessage(FLAG_TRAILERS, Buffer.from(block, 'latin1'));
}

/**
 * The entries of a trailer frame's header block, in order, keys in lower case, values trimmed;
 * lines without a `:` are skipped (a peer's stray line must not lose the status).
 */
export function parseTrailerBlock(block: Uint8Array): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  const text = Buffer.from(block.buffer, block.byteOffset, block.length).toString('latin1');
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    entries.push({
      key: line.slice(0, colon).trim().toLowerCase(),
      value: line.slice(colon + 1).trim(),
    });
  }
  return entries;
}
