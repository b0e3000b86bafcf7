import { z } from 'zod';
import type { Metadata } from '../call/call-context.js';
import type { ClientInterceptor } from '../call/interceptor.js';
import type { CompressionEncoding } from '../compression/compression-encoding.js';
import { compressionOptionsSchema } from '../compression/payload-compression.js';
import { clientHeartbeatSchema, reconnectSchema } from '../connection/resilience-options.js';
import { flowControlSchema } from '../flow/flow-control-options.js';
import { messageOptionsSchema } from '../message/message-options.js';
import { retryPolicySchema } from './retry-policy.js';
import type { ClientTransportFactory } from './transport/client-transport.js';

const metadataSchema = z.record(z.string(), z.string());

/** Bytes an idempotency key may take on the wire (PROTOCOL.md, RequestMeta). */
const MAX_IDEMPOTENCY_KEY_BYTES = 64;

/**
 * Told the headers and trailers of a call's successful response, just before the call settles
 * (empty records when the server sent none). A failed call's trailers are `RpcError.metadata`.
 */
export type ResponseMetadataListener = (headers: Metadata, trailers: Metadata) => void;

/** Options of one call. */
export const callOptionsSchema = z.strictObject({
  /** Time budget in milliseconds, sent to the server and enforced locally. */
  timeoutMs: z.number().int().positive().max(0xffff_ffff).optional(),
  /** Absolute deadline in `Date.now()` milliseconds; the earlier of this and `timeoutMs` wins. */
  deadline: z.number().finite().optional(),
  /** Aborting it cancels the call, on the server too. */
  signal: z.instanceof(AbortSignal).optional(),
  /** Metadata sent with the request. */
  metadata: metadataSchema.optional(),
  /** Sent in the request meta's `idempotency_key`; a server's result cache answers by it. */
  idempotencyKey: z
    .string()
    .min(1)
    .refine((key) => Buffer.byteLength(key) <= MAX_IDEMPOTENCY_KEY_BYTES, {
      message: `at most ${MAX_IDEMPOTENCY_KEY_BYTES} bytes in UTF-8`,
    })
    .optional(),
  /**
   * A {@link ClientPool} call that finds no ready connection waits for one until its deadline
   * (true) or fails at once with UNAVAILABLE when none is on its way (false). Unset: the pool's
   * `waitForReady`. A {@link Client}'s calls always wait for its one connection to open.
   */
  waitForReady: z.boolean().optional(),
  /**
   * Compress this call's request messages with gzip (`'gzip'`, when the server accepts it and a
   * message reaches the client's `compressionThreshold`) or not (`'identity'`). Unset: the
   * client's `compression`.
   */
  compression: z.enum(['gzip', 'identity']).optional(),
  /** Told the response headers and trailers of a successful call. */
  onMetadata: z
    .custom<ResponseMetadataListener>((value) => typeof value === 'function', 'not a function')
    .optional(),
});

/** Options of one call; see {@link callOptionsSchema}. */
export interface CallOptions {
  /** Time budget in milliseconds, sent to the server and enforced locally. */
  readonly timeoutMs?: number | undefined;
  /** Absolute deadline in `Date.now()` milliseconds; the earlier of this and `timeoutMs` wins. */
  readonly deadline?: number | undefined;
  /** Aborting it cancels the call, on the server too. */
  readonly signal?: AbortSignal | undefined;
  /** Metadata sent with the request. */
  readonly metadata?: Metadata | undefined;
  /**
   * Sent in the request meta's `idempotency_key` (at most 64 bytes in UTF-8); a server with a
   * result cache runs a call with a given key once. The retry policy sets one per call.
   */
  readonly idempotencyKey?: string | undefined;
  /** Told the response headers and trailers of a successful call, before it settles. */
  readonly onMetadata?: ResponseMetadataListener | undefined;
  /**
   * A {@link ClientPool} call that finds no ready connection waits for one until its deadline
   * (true) or fails at once with UNAVAILABLE when none is on its way (false). Unset: the pool's
   * `waitForReady`. A {@link Client}'s calls always wait for its one connection to open.
   */
  readonly waitForReady?: boolean | undefined;
  /**
   * Compress this call's request messages with gzip (`'gzip'`, when the server accepts it and a
   * message reaches the client's `compressionThreshold`) or not (`'identity'`). Unset: the
   * client's `compression`.
   */
  readonly compression?: CompressionEncoding | undefined;
}

/** Options of a client. */
export const clientOptionsSchema = z.strictObject({
  /** Time budget of calls that give none, in milliseconds. Unset: calls have no deadline. */
  defaultTimeoutMs: z.number().int().positive().max(0xffff_ffff).optional(),
  /** How long to wait for the connection before failing with UNAVAILABLE. */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** Metadata sent with every call (a call's own metadata adds to it). */
  metadata: metadataSchema.optional(),
  /** PINGs on an idle connection, to find a dead server (see README, Resilience). */
  heartbeat: clientHeartbeatSchema.prefault({}),
  /** How a lost connection is opened again: attempts with exponential backoff and jitter. */
  reconnect: reconnectSchema.prefault({}),
  /** Run around every call, the first outermost (auth metadata, logging, metrics). */
  interceptors: z
    .array(z.custom<ClientInterceptor>((value) => typeof value === 'function', 'not a function'))
    .default([]),
  /** Sends calls of idempotent methods again after UNAVAILABLE; unset: no call is retried. */
  retry: retryPolicySchema.optional(),
  /** Windows and output backlog of the connection (README, "Flow control and limits"). */
  flowControl: flowControlSchema.prefault({}),
  /**
   * What carries the calls when the server speaks another protocol than yrpc: gRPC with
   * `grpcTransport()` from `@yrpc/http` (README, "Other protocols"). Unset: the yrpc protocol,
   * and then `heartbeat`, `reconnect`, `flowControl` and `connectTimeoutMs` are its settings.
   */
  transport: z
    .custom<ClientTransportFactory>((value) => typeof value === 'function', 'not a function')
    .optional(),
  /**
   * Calls that may wait for room (for the connection to open, for the server's credit, for
   * backed-up output to drain) before further calls fail at once with RESOURCE_EXHAUSTED.
   * Unset: no limit; waiting calls are bounded by their deadlines.
   */
  maxQueuedCalls: z.number().int().positive().optional(),
  /**
   * How responses reach callers (README, "Messages"): for services loaded without a choice of
   * their own. Unset: the defaults, which keep every value exactly.
   */
  messages: messageOptionsSchema.optional(),
  ...compressionOptionsSchema,
});

/** Options of a client, as given; see {@link clientOptionsSchema}. */
export type ClientOptions = z.input<typeof clientOptionsSchema>;
