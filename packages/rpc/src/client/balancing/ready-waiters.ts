import { RpcError, Status } from '@yrpc/protocol';
import type { CallOptions } from '../call-options.js';
import type { Subchannel } from './subchannel.js';

/** A call waiting for a ready connection. */
interface Waiter {
  readonly failFast: boolean;
  readonly resolve: (subchannel: Subchannel) => void;
  readonly reject: (error: Error) => void;
  readonly path: string;
  timer: NodeJS.Timeout | undefined;
  cleanup: (() => void) | undefined;
}

/**
 * The calls of a balancing pool that found no ready connection, each waiting until one is
 * handed to it, its deadline passes or its signal aborts.
 */
export class ReadyWaiters {
  readonly #waiters = new Set<Waiter>();
  readonly #target: string;
  readonly #defaultTimeoutMs: number | undefined;
  /** Why nothing is ready, for the DEADLINE_EXCEEDED message. */
  readonly #why: () => string;

  constructor(target: string, defaultTimeoutMs: number | undefined, why: () => string) {
    this.#target = target;
    this.#defaultTimeoutMs = defaultTimeoutMs;
    this.#why = why;
  }

  /** Waits for a ready connection for the call of `path`, by its deadline and signals. */
  wait(
    options: CallOptions | undefined,
    path: string,
    failFast: boolean,
    extraSignal: AbortSignal | undefined,
  ): Promise<Subchannel> {
    const target = this.#target;
    return new Promise<Subchannel>((resolve, reject) => {
      const waiter: Waiter = {
        failFast,
        resolve,
        reject,
        path,
        timer: undefined,
        cleanup: undefined,
      };
      const timeoutMs = remainingMs(options, this.#defaultTimeoutMs);
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(
          () => {
            this.#settle(waiter);
            reject(
              new RpcError(
                Status.DEADLINE_EXCEEDED,
                `${path} on ${target}: deadline exceeded after ${timeoutMs} ms waiting for a ready connection (${this.#why()})`,
              ),
            );
          },
          Math.max(0, timeoutMs),
        );
      }
      const signals = [options?.signal, extraSignal].filter((s) => s !== undefined);
      if (signals.length > 0) {
        const signal =
          signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals);
        const onAbort = (): void => {
          this.#settle(waiter);
          reject(
            new RpcError(
              Status.CANCELLED,
              `${path} on ${target}: cancelled while waiting for a ready connection`,
            ),
          );
        };
        if (signal.aborted) {
          onAbort();
          return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.#waiters.add(waiter);
    });
  }

  /** Whether any call waits. */
  get waiting(): boolean {
    return this.#waiters.size > 0;
  }

  /** Hands each waiting call the connection `pick` gives, while it gives one. */
  hand(pick: () => Subchannel | undefined): void {
    for (const waiter of this.#waiters) {
      const subchannel = pick();
      if (subchannel === undefined) return;
      this.#settle(waiter);
      waiter.resolve(subchannel);
    }
  }

  /** Fails the waiting calls (only the fail-fast ones, when `failFastOnly`) with `error(path)`. */
  fail(error: (path: string) => Error, failFastOnly: boolean): void {
    for (const waiter of [...this.#waiters]) {
      if (failFastOnly && !waiter.failFast) continue;
      this.#settle(waiter);
      waiter.reject(error(waiter.path));
    }
  }

  #settle(waiter: Waiter): void {
    this.#waiters.delete(waiter);
    clearTimeout(waiter.timer);
    waiter.cleanup?.();
  }
}

/**
 * Options of a call that waited for a connection since `start`: its time budget shrinks by the
 * wait (a deadline replaces its timeout).
 */
export function optionsAfterWait(
  options: CallOptions | undefined,
  start: number,
  defaultTimeoutMs: number | undefined,
): CallOptions | undefined {
  const budget =
    options?.timeoutMs ?? (options?.deadline === undefined ? defaultTimeoutMs : undefined);
  if (budget === undefined) return options;
  const deadline = start + budget;
  return {
    ...options,
    timeoutMs: undefined,
    deadline: options?.deadline === undefined ? deadline : Math.min(deadline, options.deadline),
  };
}

/** Milliseconds left of a call's time budget, or undefined for none. */
function remainingMs(
  options: CallOptions | undefined,
  defaultTimeoutMs: number | undefined,
): number | undefined {
  const fromTimeout =
    options?.timeoutMs ?? (options?.deadline === undefined ? defaultTimeoutMs : undefined);
  const fromDeadline = options?.deadline === undefined ? undefined : options.deadline - Date.now();
  if (fromTimeout === undefined) return fromDeadline;
  if (fromDeadline === undefined) return fromTimeout;
  return Math.min(fromTimeout, fromDeadline);
}
