import { randomUUID } from 'node:crypto';
import { backoffDelay, isRpcError, RpcError, Status, statusName } from '@yrpc/protocol';
import { z } from 'zod';
import type { ClientInterceptor } from '../call/interceptor.js';
import { debug, debugEnabled } from '../connection/debug-log.js';
import { rpcTimers } from '../connection/rpc-timers.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { CallOptions } from './call-options.js';

/**
 * When a client sends a call again: only for methods named idempotent, only after an error that
 * says the call may not have run or may run again safely (UNAVAILABLE by default), within the
 * call's deadline, with exponential backoff and jitter, and within a retry budget.
 */
export const retryPolicySchema = z.strictObject({
  /**
   * Methods that may run twice, besides those the `.proto` marks `option idempotency_level =
   * IDEMPOTENT` (or NO_SIDE_EFFECTS): wire paths (`/pkg.Service/Method`), `pkg.Service/Method`,
   * or `.proto` method names. Calls of any other method are never retried.
   */
  idempotentMethods: z.array(z.string().min(1)).default([]),
  /** Attempts in total, the first included. */
  maxAttempts: z.number().int().min(1).max(20).default(3),
  /** Delay in ms before the second attempt. */
  initialDelayMs: z.number().int().min(0).max(60_000).default(50),
  /** Upper bound in ms of any delay. */
  maxDelayMs: z.number().int().min(0).max(600_000).default(2_000),
  /** Growth of the delay per attempt. */
  multiplier: z.number().min(1).max(10).default(2),
  /** Fraction of each delay that is random (0 = none, 1 = full jitter). */
  jitter: z.number().min(0).max(1).default(0.5),
  /** Status codes after which a call is sent again. */
  retryOn: z.array(z.number().int().min(1).max(16)).min(1).default([Status.UNAVAILABLE]),
  /**
   * The retry budget (gRPC-style throttling): a bucket of `maxTokens`; each failed attempt
   * takes one token, each success gives back `tokenRatio`; retries stop while the bucket is at
   * half or less, so that a failing server is not hit by a retry storm.
   */
  budget: z
    .strictObject({
      maxTokens: z.number().min(1).max(10_000).default(10),
      tokenRatio: z.number().min(0).max(1).default(0.1),
    })
    .prefault({}),
});

/** A retry policy, as given; see {@link retryPolicySchema}. */
export type RetryPolicy = z.input<typeof retryPolicySchema>;

/** The token bucket that keeps retries to a share of calls. */
export class RetryBudget {
  readonly #maxTokens: number;
  readonly #tokenRatio: number;
  #tokens: number;

  constructor(maxTokens: number, tokenRatio: number) {
    this.#maxTokens = maxTokens;
    this.#tokenRatio = tokenRatio;
    this.#tokens = maxTokens;
  }

  /** Tokens left. */
  get tokens(): number {
    return this.#tokens;
  }

  /** An attempt failed; returns whether a retry is still allowed. */
  failed(): boolean {
    this.#tokens = Math.max(0, this.#tokens - 1);
    return this.#tokens > this.#maxTokens / 2;
  }

  /** An attempt succeeded. */
  succeeded(): void {
    this.#tokens = Math.min(this.#maxTokens, this.#tokens + this.#tokenRatio);
  }
}

/**
 * The client interceptor that carries out `policy` (see {@link retryPolicySchema}). Every call of
 * an idempotent method gets an idempotency key (`CallOptions.idempotencyKey`, sent in the
 * request meta; the caller's own if it gave one), kept across attempts, so that a
 * server with a result cache answers a resent call without running it twice.
 */
export function retryInterceptor(policy: z.output<typeof retryPolicySchema>): ClientInterceptor {
  const idempotent = new Set(policy.idempotentMethods);
  const retryOn = new Set<number>(policy.retryOn);
  const budget = new RetryBudget(policy.budget.maxTokens, policy.budget.tokenRatio);
  const isIdempotent = (method: MethodDefinition): boolean =>
    method.idempotent === true ||
    idempotent.has(method.path) ||
    idempotent.has(method.path.slice(1)) ||
    idempotent.has(method.name);
  return async (request, options, call, next) => {
    // Streams are never retried: their messages cannot be replayed (README, Streaming).
    const streaming = call.method.requestStream || call.method.responseStream;
    if (streaming || !isIdempotent(call.method)) return await next(request, options);
    const attemptOptions = fixDeadline(options);
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await next(request, attemptOptions);
        budget.succeeded();
        return response;
      } catch (error) {
        const allowed = budget.failed();
        const deadline = attemptOptions.deadline;
        const delay = backoffDelay(policy, attempt + 1);
        if (
          !isRpcError(error) ||
          !retryOn.has(error.code) ||
          attempt >= policy.maxAttempts ||
          !allowed ||
          attemptOptions.signal?.aborted === true ||
          (deadline !== undefined && Date.now() + delay >= deadline)
        ) {
          throw attempt === 1 || !isRpcError(error)
            ? error
            : new RpcError(error.code, `${error.message} (after ${attempt} attempts)`, {
                cause: error,
                details: error.details,
                metadata: error.metadata,
              });
        }
        if (debugEnabled) {
          debug(
            `client retry of ${call.method.path}: attempt ${attempt + 1} of ${policy.maxAttempts} in ${Math.round(delay)} ms after ${statusName(error.code)}: ${error.message}`,
          );
        }
        await pause(delay);
      }
    }
  };
}

/** The options of every attempt: one idempotency key, and the deadline fixed at the first. */
function fixDeadline(options: CallOptions): CallOptions & { deadline?: number | undefined } {
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  const { timeoutMs, ...rest } = options;
  if (timeoutMs === undefined) return { ...rest, idempotencyKey };
  const deadline = Math.min(Date.now() + timeoutMs, options.deadline ?? Number.POSITIVE_INFINITY);
  return { ...rest, idempotencyKey, deadline };
}

function pause(delayMs: number): Promise<void> {
  return new Promise((resolve) => rpcTimers().add(delayMs, resolve));
}
