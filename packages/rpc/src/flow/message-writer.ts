import protobuf from 'protobufjs';
import type { MessageCodec } from '../service/message-codec.js';
import { ArrayPool, powerOfTwo, wholeMiB } from './array-pool.js';

/**
 * A writer's buffer past this size is not kept for the next message. Above the size of the
 * messages a connection copies into its output buffer (1 MiB, payload-placement.ts): a message
 * encoded into a fresh array costs a page fault per 4 KiB page on top of the copy.
 */
const KEEP_AT_MOST = 2 * 1024 * 1024;

/**
 * Where messages past {@link KEEP_AT_MOST} are encoded: two arrays of up to 16 MiB (the default
 * frame limit) wait for the next large message, for at most 10 s of no large message.
 */
const largeArrays = new ArrayPool({
  maxFree: 2,
  maxFreeBytes: 34 * 1024 * 1024,
  maxArray: 34 * 1024 * 1024,
  idleMs: 10_000,
  sizeFor: wholeMiB,
  now: Date.now,
});

/** A protobufjs writer whose arrays past {@link KEEP_AT_MOST} come from {@link largeArrays}. */
class PooledWriter extends protobuf.BufferWriter {
  static override alloc(size: number): Uint8Array {
    return size > KEEP_AT_MOST ? largeArrays.take(size) : Buffer.allocUnsafe(size);
  }
}

let shared: protobuf.Writer = new PooledWriter();

/** The bytes of the last message encoded when the writer gave up its buffer, until taken. */
let givenUp: Uint8Array | undefined;

/**
 * Encodes `message` with `codec` into one protobufjs Writer reused for every message of the
 * thread, and returns a view of the bytes: no Writer, no buffer and no copy per message. The view
 * is valid until the next call; the caller copies it (into a connection's output buffer, or with
 * {@link ownedBytes}) before anything else can encode.
 * @throws whatever the codec throws for a message that does not encode.
 */
export function encodeShared<T>(codec: MessageCodec<T>, message: T): Uint8Array {
  const writer = shared;
  givenUp = undefined;
  writer.reset();
  let used: protobuf.Writer;
  try {
    used = codec.encode(message, writer);
  } catch (error) {
    // A failed encode can leave forks behind: start the next message on a fresh writer.
    shared = new PooledWriter();
    throw error;
  }
  // A codec that ignored the writer handed us bytes of its own.
  if (used !== writer) {
    givenUp = used.finish();
    return givenUp;
  }
  // A plain view of the writer's bytes: cheaper to make than the Buffer `finish(true)` returns
  // (every caller copies it or hands it to the socket, none needs a Buffer).
  const { buf, pos } = writer as unknown as { buf: Uint8Array; pos: number };
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, pos);
  if (buf.length > KEEP_AT_MOST) {
    shared = new PooledWriter();
    givenUp = bytes;
  }
  return bytes;
}

/**
 * For bytes about to be handed to the socket: a function that gives their array back for the
 * next large message once the socket wrote them, when it is one of the arrays large messages are
 * encoded into; otherwise undefined. Only for bytes nothing else keeps.
 */
export function reuseAfterWrite(bytes: Uint8Array): (() => void) | undefined {
  return largeArrays.isLent(bytes) ? () => largeArrays.giveBack(bytes) : undefined;
}

/**
 * The bytes of a message {@link encodeShared} returned, as an array nothing else writes to (what
 * a queue or the socket may keep): a copy while they are a view of the shared writer's buffer;
 * the view itself once that buffer was given up (a message past the size kept, or bytes from a
 * codec of its own), which saves copying the largest messages a second time.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes === givenUp) {
    givenUp = undefined;
    return bytes;
  }
  const copy = Buffer.allocUnsafe(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * Arrays for {@link heldCopy}: up to 8 of at most 1 MiB wait for the next held message (the
 * output buffer takes messages up to 1 MiB; larger ones are written apart).
 */
const heldArrays = new ArrayPool({
  maxFree: 8,
  maxFreeBytes: 8 * 1024 * 1024,
  maxArray: 1024 * 1024,
  idleMs: 10_000,
  sizeFor: powerOfTwo,
  now: Date.now,
});

/**
 * A copy of an encoded message that must wait (for stream credit) before it is written: in an
 * array reused from an earlier wait when one is free, so that a producer held back by a slow
 * consumer does not allocate an array per message. Give it back with {@link releaseHeld} once
 * whoever wrote it no longer reads it (it was copied into the output, or copied again).
 */
export function heldCopy(bytes: Uint8Array): Buffer {
  const length = bytes.length;
  const copy = heldArrays.take(length).subarray(0, length);
  copy.set(bytes);
  return copy;
}

/** Gives back a copy made by {@link heldCopy}: nothing reads it any more. */
export function releaseHeld(copy: Buffer): void {
  heldArrays.giveBack(copy);
}
