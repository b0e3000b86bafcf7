/**
 * A one-shot wake-up owned by one timer queue: `set(at)` (re)arms it for the absolute time `at`
 * on its clock's timeline, replacing any earlier arming.
 */
export interface Alarm {
  /** Arms the alarm to call its wake function at or after `at`; replaces the previous arming. */
  set(at: number): void;
  /** Disarms the alarm; a disarmed alarm never calls its wake function. */
  clear(): void;
  /** Makes an armed alarm keep the Node process alive. */
  ref(): void;
  /** Lets the process exit even while the alarm is armed (the default). */
  unref(): void;
}

/**
 * A monotonic time source in milliseconds plus the ability to be woken at a time on it.
 * {@link monotonicClock} is the real one; {@link ManualClock} drives tests.
 */
export interface Clock {
  /** Milliseconds on a monotonic timeline (never goes backwards). */
  now(): number;
  /** Creates an alarm that calls `wake` when it goes off. */
  createAlarm(wake: () => void): Alarm;
}

// Node clamps larger setTimeout delays to 1 ms (with a warning); longer waits re-arm on wake.
const MAX_NODE_DELAY_MS = 2_147_483_647;

class NodeAlarm implements Alarm {
  private timeout: NodeJS.Timeout | undefined = undefined;
  private referenced = false;
  private readonly wake: () => void;
  private readonly onTimeout = (): void => {
    this.timeout = undefined;
    this.wake();
  };

  constructor(wake: () => void) {
    this.wake = wake;
  }

  set(at: number): void {
    if (this.timeout !== undefined) clearTimeout(this.timeout);
    const delay = Math.min(MAX_NODE_DELAY_MS, Math.max(1, Math.ceil(at - performance.now())));
    const timeout = setTimeout(this.onTimeout, delay);
    if (!this.referenced) timeout.unref();
    this.timeout = timeout;
  }

  clear(): void {
    if (this.timeout === undefined) return;
    clearTimeout(this.timeout);
    this.timeout = undefined;
  }

  ref(): void {
    this.referenced = true;
    this.timeout?.ref();
  }

  unref(): void {
    this.referenced = false;
    this.timeout?.unref();
  }
}

/**
 * The real clock: `performance.now()` (monotonic, unaffected by wall-clock changes such as NTP
 * steps or a user setting the date) and Node timers for alarms. A wall-clock jump neither fires
 * timers early nor delays them; deadlines are points on this timeline, not dates.
 */
export const monotonicClock: Clock = {
  now: () => performance.now(),
  createAlarm: (wake) => new NodeAlarm(wake),
};
