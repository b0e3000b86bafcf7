import { z } from 'zod';

const milliseconds = z.number().int().min(0).max(0x7fff_ffff);

/** Heartbeat options of a client. */
export const clientHeartbeatSchema = z.strictObject({
  /** Silence in ms after which the client PINGs the server; 0 turns heartbeats off. */
  intervalMs: milliseconds.default(30_000),
  /** How long in ms the client waits for an answer to a PING before the connection is dead. */
  timeoutMs: milliseconds.min(1).default(10_000),
});

/** Heartbeat options of a server: its own PINGs, and how often clients may PING it. */
export const serverHeartbeatSchema = z.strictObject({
  /** Silence in ms after which the server PINGs a client; 0 turns heartbeats off. */
  intervalMs: milliseconds.default(30_000),
  /** How long in ms the server waits for an answer to a PING before the connection is dead. */
  timeoutMs: milliseconds.min(1).default(10_000),
  /** Shortest spacing in ms of a client's PINGs; closer ones are strikes. 0 accepts any rate. */
  minPingIntervalMs: milliseconds.default(5_000),
  /** PINGs closer than `minPingIntervalMs` forgiven before the client is sent away with GOAWAY. */
  maxPingStrikes: z.number().int().min(0).max(1000).default(2),
});

/** Concurrency limits of a server; excess calls fail at once with RESOURCE_EXHAUSTED. */
export const callLimitsSchema = {
  /** Calls the server runs at once over all its connections. Unset: no limit. */
  maxConcurrentCalls: z.number().int().positive().optional(),
  /** Calls one connection runs at once. Unset: no limit. */
  maxConcurrentCallsPerConnection: z.number().int().positive().optional(),
};

/**
 * How a client opens a connection again (and the first time): each connect is tried up to
 * `attempts` times, waiting `initialDelayMs`, then twice as long each time up to `maxDelayMs`,
 * with `jitter` of each delay random, so that clients of a restarted server do not all come back
 * at once.
 */
export const reconnectSchema = z.strictObject({
  /** Connection attempts in total, the first included. */
  attempts: z.number().int().min(1).max(1000).default(3),
  /** Delay in ms before the second attempt. */
  initialDelayMs: milliseconds.default(50),
  /** Upper bound in ms of any delay. */
  maxDelayMs: milliseconds.default(2_000),
  /** Growth of the delay per attempt. */
  multiplier: z.number().min(1).max(10).default(2),
  /** Fraction of each delay that is random (0 = none, 1 = full jitter). */
  jitter: z.number().min(0).max(1).default(0.2),
});

/** Heartbeat options of a client, as given; see {@link clientHeartbeatSchema}. */
export type ClientHeartbeatOptions = z.input<typeof clientHeartbeatSchema>;

/** Heartbeat options of a server, as given; see {@link serverHeartbeatSchema}. */
export type ServerHeartbeatOptions = z.input<typeof serverHeartbeatSchema>;
