import type { InterestSet } from './interest.js';

/**
 * What the poller needs of any watched source: its level, why it failed, listeners kept in line
 * with the registration's interests, and a detach that removes every listener it added.
 */
export interface SourceWatch {
  /** What the source is ready for now, as Interest bits. */
  level(): InterestSet;
  /** Why the source closed, if it failed. */
  error(): unknown;
  /** Adds or removes listeners so that exactly the interests in `interests` get notified. */
  listen(interests: InterestSet): void;
  /** Removes every listener this watch added; idempotent. */
  detach(): void;
}
