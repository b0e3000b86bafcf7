/**
 * The async/await baseline for a switch: a one-slot mailbox where `take` awaits a promise that
 * `put` resolves. Two async functions ping-ponging through two boxes switch twice per round.
 */
export class AsyncBox<T> {
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

  take(): Promise<T> {
    if (this.full) {
      this.full = false;
      return Promise.resolve(this.value as T);
    }
    return new Promise<T>((resolve) => {
      this.waiter = resolve;
    });
  }
}

/** `rounds` ping-pong rounds between two async functions: 2 × rounds switches. */
export async function asyncPingPong(rounds: number): Promise<void> {
  const toPong = new AsyncBox<number>();
  const toPing = new AsyncBox<number>();
  const pong = (async () => {
    for (let i = 0; i < rounds; i++) toPing.put(await toPong.take());
  })();
  for (let i = 0; i < rounds; i++) {
    toPong.put(i);
    await toPing.take();
  }
  await pong;
}
