import { action, type Operation } from 'effection';
import { callWaiter, Slot } from './slot.js';

/** The same mailbox for effection 4: `take` parks with `action`. */
export class EffectionBox<T> {
  private readonly slot = new Slot<T, (value: T) => void>(callWaiter);

  put(value: T): void {
    this.slot.put(value);
  }

  take(): Operation<T> {
    return action<T>((resolve) => {
      this.slot.take(resolve);
      return () => this.slot.cancel();
    });
  }
}
