import { type Operation, type Resumer, suspend } from '../src/index.js';

/** The same one-slot mailbox as AsyncBox, for coroutines: `take` parks with `suspend`. */
export class CoroutineBox<T> {
  private waiter: Resumer<T> | undefined = undefined;
  private value: T | undefined = undefined;
  private full = false;
  private readonly park = (resumer: Resumer<T>): void => {
    if (this.full) {
      this.full = false;
      resumer.resume(this.value as T);
    } else this.waiter = resumer;
  };

  put(value: T): void {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      waiter.resume(value);
    } else {
      this.value = value;
      this.full = true;
    }
  }

  take(): Operation<T> {
    return suspend(this.park);
  }
}
