import { callWaiter, Slot } from './slot.js';

/**
 * The async/await baseline for a switch: `take` awaits a promise that `put` resolves. Two async
 * functions ping-ponging through two boxes switch twice per round.
 */
export class AsyncBox<T> {
  private readonly slot = new Slot<T, (value: T) => void>(callWaiter);

  put(value: T): void {
    this.slot.put(value);
  }

  take(): Promise<T> {
    return new Promise<T>((resolve) => this.slot.take(resolve));
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
