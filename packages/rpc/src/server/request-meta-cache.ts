import type { Frame, RequestMeta } from '@yrpc/protocol';
import type { RegisteredMethod } from './service-registry.js';
/**
 * The last REQUEST meta block seen, decoded, with the method it named. Most connections call
 * the same few methods with the same meta bytes (no deadline, no metadata), so comparing a few
 * dozen bytes saves decoding the meta, building its strings and looking up the method.
 */
export class RequestMetaCache {
  #bytes: Uint8Array = new Uint8Array(0);
  #valid = false;
  /** The remembered meta, decoded. */
  meta!: RequestMeta;
  /** The method the remembered meta named, if registered. */
  registered: RegisteredMethod | undefined;

  /** Whether `frame`'s meta block is byte for byte the one remembered. */
  matches(frame: Frame): boolean {
    const length = frame.metaEnd - frame.metaStart;
    const cached = this.#bytes;
    if (!this.#valid || cached.length !== length) return false;
    const bytes = frame.bytes;
    const start = frame.metaStart;
    for (let i = 0; i < length; i++) if (bytes[start + i] !== cached[i]) return false;
    return true;
  }

  /** Remembers `frame`'s meta block, its decoding and the method it named. */
  remember(frame: Frame, meta: RequestMeta, registered: RegisteredMethod | undefined): void {
    // Meta with a deadline, metadata or an idempotency key rarely repeats; keep the cache for
    // the common case.
    this.#valid =
      meta.timeoutMs === 0 && meta.metadata.length === 0 && meta.idempotencyKey.length === 0;
    if (!this.#valid) return;
    // A copy (slice of a Buffer would be a view into the input that the next read overwrites).
    const bytes = new Uint8Array(frame.metaEnd - frame.metaStart);
    bytes.set(frame.bytes.subarray(frame.metaStart, frame.metaEnd));
    this.#bytes = bytes;
    this.meta = meta;
    this.registered = registered;
  }
}
