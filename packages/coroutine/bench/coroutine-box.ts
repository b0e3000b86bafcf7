import { type Operation, type Resumer, suspend } from '../src/index.js';
import { Slot } from './slot.js';

function resumeWaiter<T>(resumer: Resumer<T>, value: T): void {
  resumer.resume(value);
}

/** The same mailbox for coroutines: `take` parks with `suspend`. */
export class CoroutineBox<T> {
  private readonly slot = new Slot<T, Resumer<T>>(resumeWaiter);
  private readonly park = (resumer: Resumer<T>): void => this.slot.take(resumer);

  put(value: T): void {
    this.slot.put(value);
  }

  take(): Operation<T> {
    return suspend(this.park);
  }
}
