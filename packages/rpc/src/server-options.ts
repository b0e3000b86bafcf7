import { z } from 'zod';
import type { ServerInterceptor } from './interceptor.js';
import { callLimitsSchema, serverHeartbeatSchema } from './resilience-options.js';
import { resultCacheSchema } from './result-cache.js';

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
  /** Keep answers of calls with an idempotency key for clients that come back; unset: off. */
  resultCache: resultCacheSchema.optional(),
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
