import {
  type MetadataEntry,
  type Operation,
  RpcError,
  Status,
  validateMetadata,
} from '@yrpc/protocol';
import type { CallContext, Metadata } from '../call/call-context.js';
import { CallEndTracker } from '../call/call-end.js';
import type { MethodPath } from '../service/method-path.js';

/** What a call needs of its stream (see ServerStream). */
export interface ServerStreamLike {
  readonly requestStream: boolean;
  /** A request message; `compressed`: it is gzip, inflated when taken. */
  received(payload: Uint8Array, retained: number, compressed?: boolean): void;
  requestsEnded(): void;
  grant(increment: number): void;
  sendHeaders(): void;
  end(reason: RpcError): void;
}

/** One metadata entry as it travels on the wire. */
export interface WireMetadataEntry {
  readonly key: string;
  readonly value: string;
}

/**
 * The server's state for one call in flight, and the {@link CallContext} its handler sees.
 * The abort signal and the metadata object are only built if the handler asks for them; its
 * sizes and end listeners are those of a {@link CallEndTracker}.
 */
export class ServerCall extends CallEndTracker implements CallContext {
  readonly id: number;
  readonly method: MethodPath;
  readonly peer: string;
  readonly deadline: number | undefined;
  /** Pending deadline timer, 0 when none. */
  timer = 0;
  /** What the connection's coroutine spawns for a coroutine handler. */
  operation: Operation<void> | undefined = undefined;
  /** The coroutine running the handler, when it runs as one. */
  task: { halt(): unknown } | undefined = undefined;
  /** Who answers the call when its deadline timer fires. */
  owner: { expire(call: ServerCall): void } | undefined = undefined;
  /** Set once the response or error is sent (or the call is abandoned). */
  finished = false;
  /** The call's streams, for a streaming method. */
  stream: ServerStreamLike | undefined = undefined;
  /** Set once the response headers left (the RESPONSE that opens a response stream). */
  headersSent = false;
  readonly #entries: readonly WireMetadataEntry[];
  readonly #idempotencyKey: Uint8Array;
  /** Headers and trailers the handler set; `undefined` (nothing to encode) until it sets one. */
  headers: MetadataEntry[] | undefined = undefined;
  trailers: MetadataEntry[] | undefined = undefined;
  #metadata: Metadata | undefined;
  #controller: AbortController | undefined;
  #cancelReason: Error | undefined;

  constructor(
    id: number,
    method: MethodPath,
    peer: string,
    entries: readonly WireMetadataEntry[],
    deadline: number | undefined,
    idempotencyKey: Uint8Array,
  ) {
    super();
    this.id = id;
    this.method = method;
    this.peer = peer;
    this.#entries = entries;
    this.deadline = deadline;
    this.#idempotencyKey = idempotencyKey;
  }

  get idempotencyKey(): string | undefined {
    const key = this.#idempotencyKey;
    return key.length === 0 ? undefined : textDecoder.decode(key);
  }

  setHeader(key: string, value: string): void {
    if (this.finished) return;
    if (this.headersSent) {
      throw new RpcError(
        Status.FAILED_PRECONDITION,
        `the response headers of ${this.method} were sent with its first message; set headers before the first send, or use setTrailer`,
      );
    }
    const entry = checkedEntry(key, value, 'response header');
    this.headers ??= [];
    this.headers.push(entry);
  }

  setTrailer(key: string, value: string): void {
    if (this.finished) return;
    const entry = checkedEntry(key, value, 'response trailer');
    this.trailers ??= [];
    this.trailers.push(entry);
  }

  get metadata(): Metadata {
    if (this.#metadata === undefined) {
      const metadata: Record<string, string> = {};
      for (const entry of this.#entries) metadata[entry.key] = entry.value;
      this.#metadata = metadata;
    }
    return this.#metadata;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#cancelReason !== undefined) this.#controller.abort(this.#cancelReason);
    }
    return this.#controller.signal;
  }

  get cancelled(): boolean {
    return this.#cancelReason !== undefined;
  }

  /** Marks the call cancelled and aborts its signal; the first reason wins. */
  cancel(reason: Error): void {
    if (this.#cancelReason !== undefined) return;
    this.#cancelReason = reason;
    this.#controller?.abort(reason);
  }
}

const textDecoder = new TextDecoder();

/**
 * A header or trailer the handler set, checked now so that the handler fails where it set it.
 * @throws ProtocolError `invalid-meta` for a key or value the protocol does not allow.
 */
function checkedEntry(key: string, value: string, field: string): MetadataEntry {
  const entry = { key: String(key), value: String(value) };
  validateMetadata([entry], field);
  return entry;
}
