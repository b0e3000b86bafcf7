import type { Coroutine } from './coroutine.js';
import type { Operation } from './operation.js';
import { SETTLED, Suspension } from './suspension.js';

class YieldSuspension extends Suspension<void> {
  park(): void {
    this.status = SETTLED;
    (this.co as Coroutine<unknown>).wakeLater(undefined);
  }

  cancel(): void {}

  protected copy(): Suspension<void> {
    return new YieldSuspension();
  }
}

/** Goes to the back of the run queue, letting every other ready coroutine run first. */
export function yieldNow(): Operation<void> {
  return new YieldSuspension();
}
