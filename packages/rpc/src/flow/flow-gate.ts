/** What a {@link FlowGate} needs of the connection it sends on (a FramedConnection). */
export interface FlowOutput {
  /** Whether a payload of `bytes` may go now (peer credit, output not backed up). */
  canSend(bytes: number): boolean;
  /** Takes the peer's credit for a payload about to be written. */
  spend(bytes: number): void;
}

/** A frame that waits for its turn: anything with the payload it will carry. */
export interface GatedFrame {
  readonly payload: Uint8Array;
}

/**
 * The order in which flow-controlled frames leave one connection (PROTOCOL.md section 10): a
 * frame goes at once when nothing waits before it and the peer's credit covers its payload;
 * otherwise it waits, and {@link FlowGate.flush} sends what fits, in order, when the connection
 * becomes writable again. Nothing is dropped and nothing fails for want of room.
 */
export class FlowGate<T extends GatedFrame> {
  readonly #output: FlowOutput;
  readonly #send: (frame: T) => void;
  #waiting: T[] = [];
  #head = 0;
  #waitingBytes = 0;
  /** Frames that had to wait (queued) so far: the flow-control stalls of stats(). */
  stalls = 0;

  /** A gate sending through `send` on `output`. */
  constructor(output: FlowOutput, send: (frame: T) => void) {
    this.#output = output;
    this.#send = send;
  }

  /** Frames waiting for room. */
  get waiting(): number {
    return this.#waiting.length - this.#head;
  }

  /** Payload bytes of the frames waiting for room. */
  get waitingBytes(): number {
    return this.#waitingBytes;
  }

  /** Sends `frame` now if nothing waits and it fits; otherwise queues it. True when sent. */
  offer(frame: T): boolean {
    if (this.pass(frame.payload.length)) {
      this.#send(frame);
      return true;
    }
    this.queue(frame);
    return false;
  }

  /**
   * The allocation-free form of {@link offer}: when nothing waits and a payload of `bytes` fits,
   * takes its credit and returns true (the caller writes the frame now); otherwise false (the
   * caller must {@link queue} it).
   */
  pass(bytes: number): boolean {
    if (this.#head !== this.#waiting.length || !this.#output.canSend(bytes)) return false;
    this.#output.spend(bytes);
    return true;
  }

  /** Puts `frame` at the end of the queue; {@link flush} sends it when its turn comes. */
  queue(frame: T): void {
    this.#waiting.push(frame);
    this.#waitingBytes += frame.payload.length;
    this.stalls++;
  }

  /** Sends the waiting frames that fit now, in order; returns how many still wait. */
  flush(): number {
    const waiting = this.#waiting;
    while (this.#head < waiting.length) {
      const frame = waiting[this.#head] as T;
      const length = frame.payload.length;
      if (!this.#output.canSend(length)) break;
      this.#output.spend(length);
      waiting[this.#head++] = undefined as unknown as T;
      this.#waitingBytes -= length;
      this.#send(frame);
    }
    if (this.#head === waiting.length) {
      this.#waiting = [];
      this.#head = 0;
    }
    return this.waiting;
  }

  /** Takes `frame` out of the queue if it still waits (its call was given up); true if it did. */
  remove(frame: T): boolean {
    const index = this.#waiting.indexOf(frame, this.#head);
    if (index < 0) return false;
    this.#waiting.splice(index, 1);
    this.#waitingBytes -= frame.payload.length;
    return true;
  }

  /** Empties the queue (the connection is gone) and returns what waited. */
  clear(): T[] {
    const left = this.#waiting.slice(this.#head);
    this.#waiting = [];
    this.#head = 0;
    this.#waitingBytes = 0;
    return left;
  }
}
