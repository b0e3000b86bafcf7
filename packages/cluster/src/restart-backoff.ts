import type { RestartPolicy } from './cluster-options.js';

/**
 * The delays before a crashed worker starts again: `initialDelayMs`, then `multiplier` times
 * longer for each crash in a row, up to `maxDelayMs`; a worker that stayed up `resetAfterMs`
 * after it listened starts the count again.
 */
export class RestartBackoff {
  readonly #policy: RestartPolicy;
  #crashes = 0;

  constructor(policy: RestartPolicy) {
    this.#policy = policy;
  }

  /** Crashes in a row so far. */
  get crashes(): number {
    return this.#crashes;
  }

  /** A worker exited after `upMs` of serving (0 if it never listened): the delay before its restart. */
  crashed(upMs: number): number {
    const { initialDelayMs, maxDelayMs, multiplier, resetAfterMs } = this.#policy;
    if (upMs >= resetAfterMs) this.#crashes = 0;
    const delay = Math.min(maxDelayMs, initialDelayMs * multiplier ** this.#crashes);
    this.#crashes++;
    return Math.round(delay);
  }
}
