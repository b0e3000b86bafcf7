import type { InterestSet } from '../../src/interest.js';
import type { PollSource } from '../../src/poll-source.js';

/** A PollSource whose readiness a test sets by hand. */
export class FakeSource implements PollSource {
  level: InterestSet = 0;
  failure: unknown = undefined;
  watchers = 0;
  private readonly listeners = new Set<() => void>();

  pollReadiness(): InterestSet {
    return this.level;
  }

  watchReadiness(onChange: () => void): () => void {
    this.listeners.add(onChange);
    this.watchers++;
    return () => {
      if (this.listeners.delete(onChange)) this.watchers--;
    };
  }

  pollError(): unknown {
    return this.failure;
  }

  /** Sets the level and tells the watchers. */
  set(level: InterestSet): void {
    this.level = level;
    for (const listener of [...this.listeners]) listener();
  }
}
