import { ByteBuffer, FrameDecoder, FrameEncoder } from '@yrpc/protocol';
import type { MethodDefinition } from '../service/method-definition.js';
import { wireMethodName } from '../service/method-path.js';

/**
 * The meta blocks of plain requests (no deadline, metadata or idempotency key), one per method,
 * each encoded once: most calls are plain, and a plain request's meta block names only its
 * method, so it is the same bytes every time.
 */
export class PlainRequestMeta {
  readonly #byMethod = new Map<MethodDefinition, Uint8Array>();

  /** The encoded meta of a request to `method` without deadline or metadata. */
  of(method: MethodDefinition): Uint8Array {
    let meta = this.#byMethod.get(method);
    if (meta === undefined) {
      meta = encodeRequestMeta(wireMethodName(method.path));
      this.#byMethod.set(method, meta);
    }
    return meta;
  }
}

/** The meta block protocol's encoder writes for a REQUEST to `method` (and nothing else). */
function encodeRequestMeta(method: string): Uint8Array {
  const scratch = new ByteBuffer();
  new FrameEncoder().writeRequest(scratch, 1, { method }, NO_PAYLOAD);
  const frame = new FrameDecoder().decode(scratch);
  if (frame === undefined) throw new Error('a REQUEST frame just encoded did not decode');
  return frame.meta.slice();
}

const NO_PAYLOAD = new Uint8Array(0);
