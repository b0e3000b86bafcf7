import { Frame } from '@yrpc/protocol';

/** A REQUEST put aside until the connection can take its answer. */
export interface DeferredRequest {
  /** The frame, its bytes owned (a copy when they were a view into the input). */
  readonly frame: Frame;
  /** Payload bytes still counted against the connection window, released when it is started. */
  readonly retained: number;
  /** When it arrived, on the TimerQueue's clock: its time budget runs from then. */
  readonly receivedAt: number;
}

/**
 * REQUESTs that arrived while the connection's answers wait for the client's credit. The server
 * goes on reading the connection (the client's WINDOW_UPDATEs are among what arrives) but starts
 * no new call until the answers are out; the requests wait here in order. Their payloads stay
 * counted against the window the server granted, so their bytes are bounded by it; their number
 * is bounded by the session's limit.
 */
export class DeferredRequests {
  #items: DeferredRequest[] = [];
  #head = 0;

  /** Requests waiting. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Puts `frame` aside (copying its bytes unless the frame owns them). */
  add(frame: Frame, retained: number, receivedAt: number): void {
    this.#items.push({ frame: ownedFrame(frame), retained, receivedAt });
  }

  /** The oldest request waiting, taken out; `undefined` when none waits. */
  take(): DeferredRequest | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head] as DeferredRequest;
    this.#items[this.#head++] = undefined as unknown as DeferredRequest;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    }
    return item;
  }

  /** Takes out the request with stream id `id` (its client cancelled it), if one waits. */
  remove(id: number): DeferredRequest | undefined {
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i] as DeferredRequest;
      if (item.frame.id === id) {
        this.#items.splice(i, 1);
        return item;
      }
    }
    return undefined;
  }

  /** Forgets every request waiting (the connection is gone). */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}

function ownedFrame(frame: Frame): Frame {
  if (frame.owned) return frame;
  const start = frame.metaStart;
  // A copy the next read cannot overwrite (Buffer#slice would be a view).
  const bytes = new Uint8Array(frame.payloadEnd - start);
  bytes.set(frame.bytes.subarray(start, frame.payloadEnd));
  return new Frame(
    frame.type,
    frame.flags,
    frame.id,
    bytes,
    0,
    frame.metaEnd - start,
    frame.payloadEnd - start,
    true,
  );
}
