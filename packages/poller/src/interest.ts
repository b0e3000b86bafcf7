/**
 * Readiness bits, combined with `|` into an interest set (what a registration waits for) or a
 * readiness set (what a source is ready for now). Readiness is level-like: a bit stays set for
 * as long as its condition holds.
 *
 * - `Readable`: unread bytes are buffered, or the peer ended the stream (a read returns EOF).
 * - `Writable`: connected, open for writing, and not over the write high-water mark.
 * - `Accept`: a server has accepted connections that nobody has taken yet.
 * - `Closed`: the source closed or failed; the registration's `error` says why, if it failed.
 */
export const Interest = {
  Readable: 1,
  Writable: 2,
  Accept: 4,
  Closed: 8,
} as const;

/** A set of {@link Interest} bits. */
export type InterestSet = number;

/** Every defined interest bit. */
export const ALL_INTERESTS: InterestSet =
  Interest.Readable | Interest.Writable | Interest.Accept | Interest.Closed;

/** Names the bits of a set, for messages: `describeInterests(3)` is `'readable|writable'`. */
export function describeInterests(set: InterestSet): string {
  const names: string[] = [];
  if (set & Interest.Readable) names.push('readable');
  if (set & Interest.Writable) names.push('writable');
  if (set & Interest.Accept) names.push('accept');
  if (set & Interest.Closed) names.push('closed');
  return names.length === 0 ? 'nothing' : names.join('|');
}
