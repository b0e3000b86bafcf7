import protobuf from 'protobufjs';
import type { MessageCodec } from './message-codec.js';

/** A writer's buffer past this size is not kept for the next message. */
const KEEP_AT_MOST = 256 * 1024;

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

/** A copy of `bytes` that nothing else writes to (what a queue or the socket may keep). */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  const copy = Buffer.allocUnsafe(bytes.length);
  copy.set(bytes);
  return copy;
}
