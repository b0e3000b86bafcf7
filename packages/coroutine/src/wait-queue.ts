import { Suspension } from './suspension.js';

/** A node of a {@link WaitQueue}: intrusive links, so removal is O(1) without a search. */
export interface WaitNode {
  prevWaiter: WaitNode | null;
  nextWaiter: WaitNode | null;
  queue: WaitQueue<WaitNode> | null;
}

/** A suspension that waits in a {@link WaitQueue}. */
export abstract class Waiter<T> extends Suspension<T> implements WaitNode {
  prevWaiter: WaitNode | null = null;
  nextWaiter: WaitNode | null = null;
  queue: WaitQueue<WaitNode> | null = null;
}

/** FIFO of waiters with O(1) removal from anywhere (cancellation). */
export class WaitQueue<W extends WaitNode> {
  private head: W | null = null;
  private tail: W | null = null;
  private count = 0;

  /** Number of waiters. */
  get size(): number {
    return this.count;
  }

  /** The oldest waiter, without removing it. */
  first(): W | null {
    return this.head;
  }

  /** Appends a waiter. */
  push(waiter: W): void {
    waiter.queue = this as unknown as WaitQueue<WaitNode>;
    waiter.prevWaiter = this.tail;
    waiter.nextWaiter = null;
    if (this.tail === null) this.head = waiter;
    else this.tail.nextWaiter = waiter;
    this.tail = waiter;
    this.count++;
  }

  /** Removes and returns the oldest waiter. */
  shift(): W | null {
    const waiter = this.head;
    if (waiter !== null) this.remove(waiter);
    return waiter;
  }

  /** Removes a waiter if it is still queued here; true if it was. */
  remove(waiter: W): boolean {
    if (waiter.queue !== (this as unknown as WaitQueue<WaitNode>)) return false;
    const { prevWaiter, nextWaiter } = waiter;
    if (prevWaiter === null) this.head = nextWaiter as W | null;
    else prevWaiter.nextWaiter = nextWaiter;
    if (nextWaiter === null) this.tail = prevWaiter as W | null;
    else nextWaiter.prevWaiter = prevWaiter;
    waiter.prevWaiter = null;
    waiter.nextWaiter = null;
    waiter.queue = null;
    this.count--;
    return true;
  }
}
