/** A parked waiter: the shape of a coroutine's `Resumer`, or an adapter around a callback. */
export interface Waiter<T> {
  resume(value: T): void;
  fail(error: unknown): void;
}

/** The cancel function of a wait that ended before it parked: there is nothing to cancel. */
export function noop(): void {}

/** Removes a cancelled waiter from its list; the lists are short, so a scan is cheapest. */
export function removeItem<T>(items: T[], item: T): void {
  const index = items.indexOf(item);
  if (index >= 0) items.splice(index, 1);
}
