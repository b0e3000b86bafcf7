import { connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions as TlsConnectionOptions, connect as tlsConnect } from 'node:tls';
import type { TimerQueue } from '@yrpc/poller';
import { Connection } from './connection.js';
import {
  acceptsConnectionOptions,
  type ConnectionOptions,
  connectionOptionsSchema,
} from './connection-options.js';
import { defaultTimers } from './default-timers.js';
import { NetError, type NetErrorCode } from './net-error.js';
import {
  hasOneEndpoint,
  integerIn,
  isObject,
  matchesRules,
  nonEmptyString,
  nonNegativeNumber,
  oneEndpointIssue,
  positiveNumber,
} from './option-check.js';
import { lazySchema, parseOptions } from './parse-options.js';
import { toNetError } from './socket-error.js';
import { type TlsClientOptions, tlsClientOptionsSchema } from './tls-options.js';

/** Retry policy of {@link connect}: exponential backoff with jitter. */
export interface RetryOptions {
  /** Attempts in total, the first included. Default 1 (no retry). */
  readonly attempts?: number;
  /** Delay before the second attempt. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Upper bound of any delay. Default 5000 ms. */
  readonly maxDelayMs?: number;
  /** Growth of the delay per attempt. Default 2. */
  readonly multiplier?: number;
  /** Fraction of each delay replaced by randomness (0 = none, 1 = full jitter). Default 0.2. */
  readonly jitter?: number;
  /**
   * Told of each failed attempt that will be retried, before the wait: the attempt that failed
   * (1, 2, ...), the delay before the next one and why it failed (for logs: it must not throw).
   */
  readonly onRetry?: (attempt: number, delayMs: number, error: NetError) => void;
}

/** Where and how {@link connect} connects: `host` + `port` (TCP, TLS) or `path` (Unix socket). */
export interface ConnectOptions {
  /** Host name or IP address. Default `127.0.0.1`. */
  readonly host?: string;
  /** TCP port. */
  readonly port?: number;
  /** Unix domain socket path (instead of host and port). */
  readonly path?: string;
  /** Connect over TLS with these options (certificates, CA, server name). */
  readonly tls?: TlsClientOptions;
  /** Limit of one attempt, TLS handshake included. Default 10000 ms. */
  readonly timeoutMs?: number;
  /** Retry policy for refused, unreachable, reset and timed-out attempts. */
  readonly retry?: RetryOptions;
  /** Options of the resulting {@link Connection}. */
  readonly connection?: ConnectionOptions;
  /** Timers for the attempt timeout, backoff and the connection; default process-wide. */
  readonly timers?: TimerQueue;
}

const connectOptionsSchema = lazySchema((z) =>
  z
    .strictObject({
      host: z.string().min(1).optional(),
      port: z.number().int().min(1).max(65535).optional(),
      path: z.string().min(1).optional(),
      tls: tlsClientOptionsSchema().optional(),
      timeoutMs: z.number().positive().optional(),
      retry: z
        .strictObject({
          attempts: z.number().int().min(1).optional(),
          initialDelayMs: z.number().nonnegative().optional(),
          maxDelayMs: z.number().nonnegative().optional(),
          multiplier: z.number().min(1).optional(),
          jitter: z.number().min(0).max(1).optional(),
          onRetry: z
            .custom<RetryOptions['onRetry']>((value) => typeof value === 'function')
            .optional(),
        })
        .optional(),
      connection: connectionOptionsSchema().optional(),
      timers: z.custom<TimerQueue>(isObject).optional(),
    })
    .refine(hasOneEndpoint, oneEndpointIssue()),
);

const retryRules = {
  attempts: integerIn(1),
  initialDelayMs: nonNegativeNumber,
  maxDelayMs: nonNegativeNumber,
  multiplier: (value: unknown) => nonNegativeNumber(value) && (value as number) >= 1,
  jitter: (value: unknown) => nonNegativeNumber(value) && (value as number) <= 1,
  onRetry: (value: unknown) => typeof value === 'function',
};

// TLS options are left to the schema: a TLS process pays for zod, a plain one does not.
const connectRules = {
  host: nonEmptyString,
  port: integerIn(1, 65535),
  path: nonEmptyString,
  timeoutMs: positiveNumber,
  retry: (value: unknown) => isObject(value) && matchesRules(value, retryRules),
  connection: (value: unknown) => isObject(value) && acceptsConnectionOptions(value),
  timers: isObject,
};

function acceptsConnectOptions(input: unknown): boolean {
  if (input === undefined || input === null || !matchesRules(input, connectRules)) return false;
  return hasOneEndpoint(input as ConnectOptions);
}

const RETRYABLE: ReadonlySet<NetErrorCode> = new Set([
  'refused',
  'unreachable',
  'reset',
  'timeout',
]);

/** The delay before attempt number `attempt` (2, 3, ...), with jitter. */
export function backoffDelay(retry: RetryOptions, attempt: number, random = Math.random): number {
  const initial = retry.initialDelayMs ?? 100;
  const max = retry.maxDelayMs ?? 5000;
  const base = Math.min(max, initial * (retry.multiplier ?? 2) ** Math.max(0, attempt - 2));
  const jitter = retry.jitter ?? 0.2;
  return base * (1 - jitter) + base * jitter * random();
}

/**
 * Connects to a TCP, TLS or Unix-socket server and wraps the socket in a {@link Connection}.
 * Each attempt is limited by `timeoutMs`; refused, unreachable, reset and timed-out attempts are
 * retried with exponential backoff and jitter per `retry`. Every failure is a {@link NetError}
 * with a stable code (`refused`, `timeout`, `unreachable`, `reset`, `tls-handshake`,
 * `tls-verify`, `invalid-option`) whose message names the address and the attempt.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const o = parseOptions(connectOptionsSchema, options, 'connect', acceptsConnectOptions);
  const timers = options.timers ?? defaultTimers();
  const retry = options.retry ?? {};
  const attempts = retry.attempts ?? 1;
  const address = o.path ?? `${o.host ?? '127.0.0.1'}:${o.port}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectOnce(options, o.timeoutMs ?? 10_000, address, timers);
    } catch (error) {
      const failure = toNetError(error, address, 'connecting to');
      if (attempt >= attempts || !RETRYABLE.has(failure.code)) {
        if (attempts === 1) throw failure;
        throw new NetError(failure.code, `${failure.message} (attempt ${attempt} of ${attempts})`, {
          address,
          ...(failure.syscallCode ? { syscallCode: failure.syscallCode } : {}),
          cause: failure,
        });
      }
      const delay = backoffDelay(retry, attempt + 1);
      retry.onRetry?.(attempt, delay, failure);
      // A referenced timer: a process waiting to reconnect must not exit.
      await new Promise<void>((resolve) => timers.ref(timers.add(delay, resolve)));
    }
  }
}

function connectOnce(
  options: ConnectOptions,
  timeoutMs: number,
  address: string,
  timers: TimerQueue,
): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const tls = options.tls;
    const endpoint =
      options.path !== undefined
        ? { path: options.path }
        : { host: options.host ?? '127.0.0.1', port: options.port as number };
    const socket: Socket =
      tls !== undefined
        ? tlsConnect({ ...endpoint, ...nodeTlsOptions(tls) })
        : netConnect({ ...endpoint, allowHalfOpen: true });
    const readyEvent = tls !== undefined ? 'secureConnect' : 'connect';
    const settle = (error: unknown): void => {
      timers.cancel(timer);
      socket.off(readyEvent, onReady);
      socket.off('error', settle);
      if (error === undefined) {
        // Wrapped at once, so the Connection's error listener is in place before any later error.
        try {
          resolve(new Connection(socket, options.connection ?? {}, timers));
        } catch (invalid) {
          socket.destroy();
          reject(invalid);
        }
      } else {
        socket.destroy();
        reject(error);
      }
    };
    const onReady = (): void => settle(undefined);
    const timer = timers.add(timeoutMs, () =>
      settle(
        new NetError('timeout', `connecting to ${address} timed out after ${timeoutMs} ms`, {
          address,
        }),
      ),
    );
    socket.once(readyEvent, onReady);
    socket.on('error', settle);
  });
}

/** `tls` as node:tls names its options. */
function nodeTlsOptions(tls: TlsClientOptions): TlsConnectionOptions {
  const { alpnProtocols, ...rest } = tls;
  return (
    alpnProtocols === undefined ? rest : { ...rest, ALPNProtocols: [...alpnProtocols] }
  ) as TlsConnectionOptions;
}
