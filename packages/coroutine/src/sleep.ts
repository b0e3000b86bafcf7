import type { Operation } from './operation.js';
import { Suspension } from './suspension.js';

class SleepSuspension extends Suspension<void> {
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(private readonly ms: number) {
    super();
  }

  park(): void {
    this.timer = setTimeout(() => this.resume(undefined), this.ms);
  }

  cancel(): void {
    clearTimeout(this.timer);
  }

  protected copy(): Suspension<void> {
    return new SleepSuspension(this.ms);
  }
}

/**
 * Suspends for `ms` milliseconds with a plain Node timer. Enough for tests and small programs;
 * @yrpc/poller's runtime offers cheaper timers (one Node timer for all deadlines).
 */
export function sleep(ms: number): Operation<void> {
  return new SleepSuspension(ms);
}
