import { z } from 'zod';
import type { CallContext, Metadata } from '../call/call-context.js';
import type { ServerInterceptor } from '../call/interceptor.js';
import { rpcTimers } from '../connection/rpc-timers.js';
import type { MethodPath } from '../service/method-path.js';
import { ServerStream } from './server-stream.js';

/** Bounds of a server's result cache; see {@link ResultCache}. */
export const resultCacheSchema = z.strictObject({
  /** Finished results kept at most. */
  maxEntries: z.number().int().min(1).max(10_000_000).default(10_000),
  /** Encoded bytes of finished results kept at most. */
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(2 ** 40)
    .default(16 * 1024 * 1024),
  /** How long, in ms, a finished result is kept for a client to come back for it. */
  ttlMs: z.number().int().min(1).max(3_600_000).default(10_000),
});

/** Bounds of a result cache, as parsed. */
export type ResultCacheBounds = z.output<typeof resultCacheSchema>;

/** Bounds of a result cache, as given; see {@link resultCacheSchema}. */
export type ResultCacheOptions = z.input<typeof resultCacheSchema>;

type Entry =
  | { readonly state: 'running'; readonly promise: Promise<unknown> }
  | {
      readonly state: 'done';
      readonly value: unknown;
      readonly bytes: number;
      readonly expiresAt: number;
    };

/**
 * Answers of calls that carry an idempotency key (RequestMeta's `idempotency_key`, set by the
 * client's retry policy or `CallOptions.idempotencyKey`), so that a client that lost its connection mid-call and sends the call again
 * collects the answer instead of running the call twice. A call still running when the client
 * comes back is joined. Keyed calls run detached from their connection: losing it does not stop
 * them (their deadline still does). Finished results are kept for `ttlMs`, at most `maxEntries`
 * of them and `maxBytes` in all, the oldest dropped first; failures are not kept.
 */
export class ResultCache {
  readonly #bounds: z.output<typeof resultCacheSchema>;
  readonly #sizeOf: (method: MethodPath, value: unknown) => number;
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #done = 0;

  constructor(
    bounds: z.output<typeof resultCacheSchema>,
    sizeOf: (method: MethodPath, value: unknown) => number,
  ) {
    this.#bounds = bounds;
    this.#sizeOf = sizeOf;
  }

  /** Finished results kept now. */
  get size(): number {
    return this.#done;
  }

  /** Encoded bytes of the finished results kept now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The server interceptor that answers from the cache. */
  readonly interceptor: ServerInterceptor = (request, context, next) => {
    const key = context.idempotencyKey;
    // Streams are not cached: their messages cannot be replayed (README, Streaming).
    if (key === undefined || context instanceof ServerStream) return next(request);
    const id = `${context.method} ${key}`;
    const now = rpcTimers().now();
    this.#dropExpired(now);
    const entry = this.#entries.get(id);
    if (entry?.state === 'running') return entry.promise;
    if (entry?.state === 'done') return entry.value;
    const promise = next(request, detached(context));
    this.#entries.set(id, { state: 'running', promise });
    promise.then(
      (value) => this.#store(id, context.method, value),
      () => this.#entries.delete(id),
    );
    return promise;
  };

  #store(id: string, method: MethodPath, value: unknown): void {
    this.#entries.delete(id);
    const bytes = this.#sizeOf(method, value);
    if (bytes > this.#bounds.maxBytes) return;
    this.#entries.set(id, {
      state: 'done',
      value,
      bytes,
      expiresAt: rpcTimers().now() + this.#bounds.ttlMs,
    });
    this.#done++;
    this.#bytes += bytes;
    // Entries are in the order they finished: the oldest go first.
    for (const [oldId, old] of this.#entries) {
      if (this.#done <= this.#bounds.maxEntries && this.#bytes <= this.#bounds.maxBytes) break;
      if (old.state === 'done') this.#drop(oldId, old.bytes);
    }
  }

  #dropExpired(now: number): void {
    for (const [id, entry] of this.#entries) {
      if (entry.state !== 'done') continue;
      if (entry.expiresAt > now) break;
      this.#drop(id, entry.bytes);
    }
  }

  #drop(id: string, bytes: number): void {
    this.#entries.delete(id);
    this.#done--;
    this.#bytes -= bytes;
  }
}

/** `context` without its connection: its signal aborts only when its deadline passes. */
function detached(context: CallContext): CallContext {
  const controller = new AbortController();
  const deadline = context.deadline;
  if (deadline !== undefined) {
    rpcTimers().add(Math.max(0, deadline - Date.now()), () =>
      controller.abort(new Error(`call ${context.method} exceeded its deadline on the server`)),
    );
  }
  const metadata: Metadata = context.metadata;
  return {
    method: context.method,
    peer: context.peer,
    metadata,
    deadline,
    signal: controller.signal,
    get cancelled() {
      return controller.signal.aborted;
    },
    idempotencyKey: context.idempotencyKey,
    // Reach the first caller's answer while its connection lasts; a cached answer has none.
    setHeader: (key, value) => context.setHeader(key, value),
    setTrailer: (key, value) => context.setTrailer(key, value),
    // The end of the call served on the connection (the detached run may outlive it).
    onEnd: (listener) => context.onEnd(listener),
  };
}
