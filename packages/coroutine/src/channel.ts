import { CoroutineError } from './coroutine-error.js';
import type { Instruction, Operation } from './operation.js';
import { RingQueue } from './ring-queue.js';
import { DONE_ITERATOR, Ready, type Suspension } from './suspension.js';
import { Waiter, type WaitNode, WaitQueue } from './wait-queue.js';

/** @internal What `Channel.take` returns when no value is available now. */
export const NOTHING: unknown = Symbol('nothing');
/** @internal What `next()` gives on a closed, drained channel. */
export const CLOSED_RESULT: IteratorResult<never, undefined> = Object.freeze({
  done: true,
  value: undefined,
});

/** @internal */
export function closedError(): CoroutineError {
  return new CoroutineError('channel-closed', 'the channel is closed');
}

/** @internal A parked receiver: a receive operation, or a receive case of a select. */
export interface ReceiverSlot<T> extends WaitNode {
  /** Takes a value handed over by a sender. */
  deliver(value: T): void;
  /** The channel closed with nothing left to receive. */
  closed(): void;
}

/** @internal A parked sender: a send operation, or a send case of a select. */
export interface SenderSlot<T> extends WaitNode {
  /** The value on offer. */
  readonly sending: T;
  /** The value was taken. */
  accepted(): void;
  /** The channel closed before the value was taken. */
  rejected(error: unknown): void;
}

/**
 * @internal `channel.send(value)`. Sends when run; allocates a waiter only when it must wait.
 */
export class SendOperation<T> implements Operation<void> {
  constructor(
    readonly channel: Channel<T>,
    readonly value: T,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    if (this.channel.offer(this.value)) return DONE_ITERATOR;
    return new SendWaiter(this.channel, this.value);
  }
}

class SendWaiter<T> extends Waiter<void> implements SenderSlot<T> {
  constructor(
    private readonly channel: Channel<T>,
    readonly sending: T,
  ) {
    super();
  }

  accepted(): void {
    this.resume();
  }

  rejected(error: unknown): void {
    this.fail(error);
  }

  park(): void {
    this.channel.senders.push(this);
  }

  cancel(resumed: boolean): void {
    // Once resumed, the value was taken: the send happened even though the sender was halted.
    if (!resumed) this.channel.senders.remove(this);
  }

  protected copy(): Suspension<void> {
    return new SendWaiter(this.channel, this.sending);
  }
}

/**
 * @internal `channel.receive()` (or `next()` with `asResult`): one stateless object per channel.
 * Running it takes a value at once when one is there, with no allocation but the result; only a
 * receiver that must wait gets a waiter.
 */
export class ReceiveOperation<T, R> implements Operation<R> {
  constructor(
    readonly channel: Channel<T>,
    readonly asResult: boolean,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, R, unknown> {
    const taken = this.channel.take(this.asResult);
    if (taken === NOTHING) return new ReceiveWaiter<T, R>(this.channel, this.asResult);
    return new Ready(taken as R);
  }
}

class ReceiveWaiter<T, R> extends Waiter<R> implements ReceiverSlot<T> {
  /** The value handed over by a sender, kept so a halt before it was consumed can give it back. */
  private delivered: unknown = NOTHING;

  constructor(
    private readonly channel: Channel<T>,
    private readonly asResult: boolean,
  ) {
    super();
  }

  /** Hands a value to this parked receiver. */
  deliver(value: T): void {
    this.delivered = value;
    this.resume((this.asResult ? { done: false, value } : value) as R);
  }

  /** Tells this parked receiver the channel closed. */
  closed(): void {
    if (this.asResult) this.resume(CLOSED_RESULT as R);
    else this.fail(closedError());
  }

  park(): void {
    this.channel.receivers.push(this);
  }

  cancel(resumed: boolean): void {
    if (!resumed) this.channel.receivers.remove(this);
    else if (this.delivered !== NOTHING) this.channel.giveBack(this.delivered as T);
  }

  protected copy(): Suspension<R> {
    return new ReceiveWaiter<T, R>(this.channel, this.asResult);
  }
}

/**
 * A FIFO channel between coroutines. `capacity` 0 makes it unbuffered (a send waits for a
 * receiver), a positive number bounded, `Infinity` (the default) unbounded. Cancellation-safe: a
 * halted sender either sent its value or did not; a halted receiver that was handed a value before
 * it could run gives it back to the front of the channel (the buffer may then hold one value over
 * capacity), so no value is lost or duplicated.
 */
export class Channel<T> {
  /** Most values buffered before `send` waits. */
  readonly capacity: number;
  /** @internal */
  readonly senders = new WaitQueue<SenderSlot<T>>();
  /** @internal */
  readonly receivers = new WaitQueue<ReceiverSlot<T>>();
  private readonly buffer = new RingQueue<T>(16);
  private isClosed = false;
  private readonly receiveOperation = new ReceiveOperation<T, T>(this, false);
  private readonly nextOperation = new ReceiveOperation<T, IteratorResult<T, undefined>>(
    this,
    true,
  );

  constructor(capacity = Number.POSITIVE_INFINITY) {
    if (!(capacity === Number.POSITIVE_INFINITY || (Number.isInteger(capacity) && capacity >= 0))) {
      throw new CoroutineError(
        'invalid-argument',
        `channel capacity must be a non-negative integer or Infinity, got ${capacity}`,
      );
    }
    this.capacity = capacity;
  }

  /** Values buffered now. */
  get size(): number {
    return this.buffer.length;
  }

  /** True after `close()`. Buffered values can still be received. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends a value, waiting while the buffer is full. Throws `channel-closed` once closed. */
  send(value: T): Operation<void> {
    return new SendOperation(this, value);
  }

  /** Sends without waiting: false if it would have to wait. Throws `channel-closed` once closed. */
  trySend(value: T): boolean {
    return this.offer(value);
  }

  /**
   * Receives the next value, waiting while there is none. Throws `channel-closed` once closed and
   * drained. The returned operation can be run any number of times, by any coroutine.
   */
  receive(): Operation<T> {
    return this.receiveOperation;
  }

  /** Like `receive`, but a closed and drained channel gives `{ done: true }` instead of throwing. */
  next(): Operation<IteratorResult<T, undefined>> {
    return this.nextOperation;
  }

  /** Receives without waiting: `{ done: true }` when nothing is available now. */
  tryReceive(): IteratorResult<T, undefined> {
    if (this.buffer.length === 0 && this.senders.size === 0) return CLOSED_RESULT;
    return { done: false, value: this.take(false) as T };
  }

  /**
   * Closes the channel: waiting senders fail with `channel-closed`; receivers drain what is
   * buffered, then fail (or get `{ done: true }` from `next`). Idempotent.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (let s = this.senders.shift(); s !== null; s = this.senders.shift()) {
      s.rejected(closedError());
    }
    if (this.buffer.length === 0) {
      for (let r = this.receivers.shift(); r !== null; r = this.receivers.shift()) r.closed();
    }
  }

  /** @internal Accepts a value now if a receiver waits or the buffer has room. */
  offer(value: T): boolean {
    if (this.isClosed) throw closedError();
    const receiver = this.receivers.shift();
    if (receiver !== null) {
      receiver.deliver(value);
      return true;
    }
    if (this.buffer.length < this.capacity) {
      this.buffer.push(value);
      return true;
    }
    return false;
  }

  /** @internal Takes a value now, or NOTHING; closed and drained throws (or gives done). */
  take(asResult: boolean): unknown {
    const buffer = this.buffer;
    if (buffer.length > 0) {
      const value = buffer.shift() as T;
      if (this.senders.size > 0 && buffer.length < this.capacity) {
        const sender = this.senders.shift() as SenderSlot<T>;
        buffer.push(sender.sending);
        sender.accepted();
      }
      return asResult ? { done: false, value } : value;
    }
    const sender = this.senders.shift();
    if (sender !== null) {
      sender.accepted();
      return asResult ? { done: false, value: sender.sending } : sender.sending;
    }
    if (this.isClosed) {
      if (asResult) return CLOSED_RESULT;
      throw closedError();
    }
    return NOTHING;
  }

  /** @internal A value handed to a receiver that was halted before it ran: back to the front. */
  giveBack(value: T): void {
    const receiver = this.receivers.shift();
    if (receiver !== null) receiver.deliver(value);
    else this.buffer.unshift(value);
  }
}
