import type { InterestSet } from './interest.js';

/**
 * Anything a {@link Poller} can watch besides Node sockets and servers: the adapter interface a
 * connection, an in-memory pipe or a queue implements. The poller asks for the level (what the
 * source is ready for right now) whenever the source says it may have changed.
 */
export interface PollSource {
  /** What the source is ready for right now, as {@link Interest} bits (level, not edge). */
  pollReadiness(): InterestSet;
  /**
   * Calls `onChange` whenever readiness may have changed (spurious calls are fine, missed ones
   * are not) until the returned function is called.
   */
  watchReadiness(onChange: () => void): () => void;
  /** Why the source closed, when it closed because of an error. */
  pollError?(): unknown;
}

/** True when `value` implements {@link PollSource}. */
export function isPollSource(value: unknown): value is PollSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PollSource).pollReadiness === 'function' &&
    typeof (value as PollSource).watchReadiness === 'function'
  );
}
