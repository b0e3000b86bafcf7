import type { ProtoReader } from './proto-wire.js';
import {
  delimitedSize,
  stringFieldSize,
  WireType,
  writeStringField,
  writeVarint,
} from './proto-wire.js';
import type { MetadataEntry } from './rpc-error.js';

// `MetadataEntry { string key = 1; string value = 2; }`, repeated in several meta messages.

const KEY_TAG = 0x0a;
const VALUE_TAG = 0x12;

function entryBodySize(entry: MetadataEntry): number {
  return stringFieldSize(entry.key) + stringFieldSize(entry.value);
}

/** Bytes taken by `entries` as a repeated message field with a one-byte tag. */
export function metadataFieldSize(entries: readonly MetadataEntry[]): number {
  let size = 0;
  for (const entry of entries) size += delimitedSize(entryBodySize(entry));
  return size;
}

/** Writes `entries` as a repeated message field with the one-byte `tag`; returns the end. */
export function writeMetadataField(
  bytes: Uint8Array,
  at: number,
  tag: number,
  entries: readonly MetadataEntry[],
): number {
  for (const entry of entries) {
    bytes[at++] = tag;
    at = writeVarint(bytes, at, entryBodySize(entry));
    at = writeStringField(bytes, at, KEY_TAG, entry.key);
    at = writeStringField(bytes, at, VALUE_TAG, entry.value);
  }
  return at;
}

/** Reads one length-delimited MetadataEntry at the reader's position. */
export function readMetadataEntry(reader: ProtoReader): MetadataEntry {
  const end = reader.delimited();
  const outerEnd = reader.end;
  reader.end = end;
  let key = '';
  let value = '';
  while (reader.more()) {
    const tag = reader.tag();
    switch (tag >>> 3) {
      case 1:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        key = reader.string();
        break;
      case 2:
        if (reader.skippedMismatch(tag, WireType.LENGTH_DELIMITED)) break;
        value = reader.string();
        break;
      default:
        reader.skip(tag);
    }
  }
  reader.end = outerEnd;
  return { key, value };
}
