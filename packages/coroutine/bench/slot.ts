/**
 * A one-value mailbox with one waiter: the logic shared by the ping-pong baselines, each of
 * which waits in its own way (a promise's resolve, a coroutine resumer, an effection action).
 */
export class Slot<T, W> {
  private waiter: W | undefined = undefined;
  private value: T | undefined = undefined;
  private full = false;

  constructor(private readonly deliver: (waiter: W, value: T) => void) {}

  /** Hands the value to the waiter, or keeps it for the next `take`. */
  put(value: T): void {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      this.deliver(waiter, value);
    } else {
      this.value = value;
      this.full = true;
    }
  }

  /** Gives a kept value to `waiter` at once, or registers it for the next `put`. */
  take(waiter: W): void {
    if (this.full) {
      this.full = false;
      this.deliver(waiter, this.value as T);
    } else this.waiter = waiter;
  }

  /** Forgets a registered waiter. */
  cancel(): void {
    this.waiter = undefined;
  }
}

/** Delivers to a plain callback (a promise's resolve, an effection action's resolve). */
export function callWaiter<T>(waiter: (value: T) => void, value: T): void {
  waiter(value);
}
