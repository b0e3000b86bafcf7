import type { FeedConsumer } from '../targets/feed-target.js';

/** Clock and timer a paced consumer uses; tests replace them. */
export interface PaceClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

const REAL_CLOCK: PaceClock = {
  now: () => performance.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

/** Timers below this are not worth it: the wait is carried over to the next message instead. */
export const MIN_SLEEP_MS = 1;

/**
 * A consumer that takes one message every `paceUs` on average: message i (from 0) is done at
 * `t0 + (i + 1) × pace`, with t0 the time the first one arrived. When that lies at least 1 ms
 * ahead it holds the next message back until then; a shorter wait is carried over (timers are
 * too coarse for it), so the average rate is right even for paces under a millisecond. A consumer
 * that fell behind (a late timer) takes messages at once until it is back on schedule.
 * `onMessage` counts each message as it is taken.
 */
export function pacedConsumer(
  paceUs: number,
  onMessage: (payloadLength: number) => void,
  clock: PaceClock = REAL_CLOCK,
): FeedConsumer {
  const paceMs = paceUs / 1000;
  let startedAt: number | undefined;
  let taken = 0;
  return (payloadLength) => {
    const now = clock.now();
    startedAt ??= now;
    onMessage(payloadLength);
    taken++;
    const wait = startedAt + taken * paceMs - now;
    return wait >= MIN_SLEEP_MS ? clock.sleep(wait) : undefined;
  };
}
