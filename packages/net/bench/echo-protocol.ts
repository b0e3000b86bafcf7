/**
 * What the coroutine-echo benchmark's processes share: the frame format (the raw echo of
 * apps/bench: an 8-byte header, big-endian u32 payload length and u32 request id, then the
 * payload; a reply is the same frame) and the messages between the parent and its children.
 */
export const HEADER_SIZE = 8;

/** The servers measured, each in a process of its own. */
export const VARIANTS = [
  'raw',
  'callback',
  'per-frame',
  'before',
  'after',
  'poller-wait',
  'epoll',
] as const;
export type Variant = (typeof VARIANTS)[number];

/** A server child tells its port once listening, and its CPU time when asked. */
export type ServerMessage =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'cpu'; readonly micros: number };

/** The parent asks a server child for its CPU time, or tells it to stop. */
export type ServerCommand = { readonly kind: 'cpu' } | { readonly kind: 'stop' };

/** A client child says when its measured window starts, then what it measured. */
export type ClientMessage =
  | { readonly kind: 'measuring' }
  | { readonly kind: 'result'; readonly calls: number; readonly seconds: number };

/** One load: connections, calls in flight on each, payload bytes. */
export interface Scenario {
  readonly name: string;
  readonly connections: number;
  readonly inFlight: number;
  readonly payload: number;
}
