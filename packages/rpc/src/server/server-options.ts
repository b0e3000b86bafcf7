import { z } from 'zod';
import type { ServerInterceptor } from '../call/interceptor.js';
import { compressionOptionsSchema } from '../compression/payload-compression.js';
import { callLimitsSchema, serverHeartbeatSchema } from '../connection/resilience-options.js';
import { flowControlSchema } from '../flow/flow-control-options.js';
import { messageOptionsSchema } from '../message/message-options.js';
import type { ServerProtocolFactory } from './protocols/server-protocol.js';
import { resultCacheSchema } from './result-cache.js';

const milliseconds = z.number().int().min(0).max(0x7fff_ffff);

/** Options of a {@link Server}. */
export const serverOptionsSchema = z.strictObject({
  /**
   * Send the stack of an error thrown by a handler to the client in the INTERNAL status message.
   * Off by default: stacks tell an attacker about the server.
   */
  exposeErrorStack: z.boolean().default(false),
  ...callLimitsSchema,
  /** PINGs on idle connections, and the rate at which clients may PING (see README, Resilience). */
  heartbeat: serverHeartbeatSchema.prefault({}),
  /** Run around every call, the first outermost (auth, logging, metrics). */
  interceptors: z
    .array(z.custom<ServerInterceptor>((value) => typeof value === 'function', 'not a function'))
    .default([]),
  /**
   * Other protocols served on the same listeners, beside the yrpc protocol (gRPC, gRPC-Web and
   * Connect from `@yrpc/http`): each connection goes to the one its first bytes (or its TLS ALPN
   * id) name.
   */
  protocols: z
    .array(
      z.custom<ServerProtocolFactory>((value) => typeof value === 'function', 'not a function'),
    )
    .default([]),
  /** Keep answers of calls with an idempotency key for clients that come back; unset: off. */
  resultCache: resultCacheSchema.optional(),
  /** Windows and output backlog of each connection (README, "Flow control and limits"). */
  flowControl: flowControlSchema.prefault({}),
  /**
   * How requests reach handlers (README, "Messages"): for services loaded without a choice of
   * their own. Unset: the defaults, which keep every value exactly.
   */
  messages: messageOptionsSchema.optional(),
  ...compressionOptionsSchema,
  /** A connection that sends no complete frame this long (ms) after it opened gets a GOAWAY; 0: off. */
  firstFrameTimeoutMs: milliseconds.default(10_000),
  /**
   * A connection with no call and no frame this long (ms) gets a GOAWAY, within a quarter more
   * (the idle check runs every quarter of it); 0: off.
   */
  idleTimeoutMs: milliseconds.default(300_000),
  /**
   * A client that has read nothing of what the server sent for this long (ms) is cut off and its
   * calls halted; 0: off.
   */
  writeStallTimeoutMs: milliseconds.default(30_000),
  /**
   * A connection this old (ms, give or take `maxConnectionAgeJitter`) is drained with a GOAWAY
   * (its calls finish, the client opens a new connection for new calls), then closed; 0: off.
   */
  maxConnectionAgeMs: milliseconds.default(0),
  /** Fraction of `maxConnectionAgeMs` that is random either way, 0..1 (0.1: ±10 %). */
  maxConnectionAgeJitter: z.number().min(0).max(1).default(0.1),
  /**
   * How long (ms) calls running when a connection reaches its maximum age may take to finish
   * before the connection is closed and they fail with UNAVAILABLE.
   */
  maxConnectionAgeGraceMs: milliseconds.default(30_000),
});

/** Options of a server, as given; see {@link serverOptionsSchema}. */
export type ServerOptions = z.input<typeof serverOptionsSchema>;

/** Options of {@link Server.shutdown}. */
export const shutdownOptionsSchema = z.strictObject({
  /** How long, in ms, calls already running may take to finish before they are halted. */
  drainTimeoutMs: z.number().int().min(0).max(0x7fff_ffff).default(10_000),
});

/** Options of a graceful shutdown, as given; see {@link shutdownOptionsSchema}. */
export type ShutdownOptions = z.input<typeof shutdownOptionsSchema>;
