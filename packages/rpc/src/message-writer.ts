import protobuf from 'protobufjs';
import type { MessageCodec } from './message-codec.js';

/**
 * A writer's buffer past this size is not kept for the next message. Above the size of the
 * messages a connection copies into its output buffer (1 MiB, payload-placement.ts): a message
 * encoded into a fresh array costs a page fault per 4 KiB page on top of the copy.
 */
const KEEP_AT_MOST = 2 * 1024 * 1024;

let shared: protobuf.Writer = protobuf.Writer.create();

/**
 * Encodes `message` with `codec` into one protobufjs Writer reused for every message of the
 * thread, and returns a view of the bytes: no Writer, no buffer and no copy per message. The view
 * is valid until the next call; the caller copies it (into a connection's output buffer, or with
 * {@link ownedBytes}) before anything else can encode.
 * @throws whatever the codec throws for a message that does not encode.
 */
export function encodeShared<T>(codec: MessageCodec<T>, message: T): Uint8Array {
  const writer = shared;
  writer.reset();
  let used: protobuf.Writer;
  try {
    used = codec.encode(message, writer);
  } catch (error) {
    // A failed encode can leave forks behind: start the next message on a fresh writer.
    shared = protobuf.Writer.create();
    throw error;
  }
  // A codec that ignored the writer handed us bytes of its own.
  if (used !== writer) return used.finish();
  const bytes = writer.finish(true);
  if ((writer as unknown as { buf: Uint8Array }).buf.length > KEEP_AT_MOST) {
    shared = protobuf.Writer.create();
  }
  return bytes;
}

/**
 * The bytes of a message {@link encodeShared} returned, as an array nothing else writes to (what
 * a queue or the socket may keep): a copy while they are a view of the shared writer's buffer;
 * the view itself once that buffer was given up (a message past the size kept, or bytes from a
 * codec of its own), which saves copying the largest messages a second time.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer !== (shared as unknown as { buf: Uint8Array }).buf.buffer) return bytes;
  const copy = Buffer.allocUnsafe(bytes.length);
  copy.set(bytes);
  return copy;
}
