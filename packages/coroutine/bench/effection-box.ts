import { action, type Operation } from 'effection';

/** The same one-slot mailbox for effection 4: `take` parks with `action`. */
export class EffectionBox<T> {
  private waiter: ((value: T) => void) | undefined = undefined;
  private value: T | undefined = undefined;
  private full = false;

  put(value: T): void {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      waiter(value);
    } else {
      this.value = value;
      this.full = true;
    }
  }

  take(): Operation<T> {
    return action<T>((resolve) => {
      if (this.full) {
        this.full = false;
        resolve(this.value as T);
      } else this.waiter = resolve;
      return () => {
        this.waiter = undefined;
      };
    });
  }
}
