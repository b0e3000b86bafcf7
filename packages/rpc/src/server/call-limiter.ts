import { RpcError, Status } from '@yrpc/protocol';

/** The concurrency limits of a server, as configured. */
export interface CallLimits {
  /** Calls one server runs at once over all its connections; `undefined` for no limit. */
  readonly maxConcurrentCalls?: number | undefined;
  /** Calls one connection runs at once; `undefined` for no limit. */
  readonly maxConcurrentCallsPerConnection?: number | undefined;
}

/**
 * Counts the calls a server is running and refuses new ones over its limits, at once, with
 * RESOURCE_EXHAUSTED: excess calls are never queued, so a flood cannot grow the server's memory.
 * Only calls that outlive their REQUEST frame (async and coroutine handlers) are counted; a plain
 * handler has finished before the next frame is read.
 */
export class CallLimiter {
  readonly #maxPerServer: number;
  readonly #maxPerConnection: number;
  #active = 0;

  constructor(limits: CallLimits) {
    this.#maxPerServer = limits.maxConcurrentCalls ?? Number.POSITIVE_INFINITY;
    this.#maxPerConnection = limits.maxConcurrentCallsPerConnection ?? Number.POSITIVE_INFINITY;
  }

  /** Calls running now over every connection of the server. */
  get active(): number {
    return this.#active;
  }

  /**
   * The RESOURCE_EXHAUSTED error for a new call of `method` on a connection already running
   * `connectionActive` calls, naming the limit it would exceed; `undefined` when it may run.
   */
  refusal(connectionActive: number, method: string): RpcError | undefined {
    if (connectionActive >= this.#maxPerConnection) {
      return new RpcError(
        Status.RESOURCE_EXHAUSTED,
        `call ${method} refused: this connection already runs ${connectionActive} calls, the limit maxConcurrentCallsPerConnection is ${this.#maxPerConnection}`,
      );
    }
    if (this.#active >= this.#maxPerServer) {
      return new RpcError(
        Status.RESOURCE_EXHAUSTED,
        `call ${method} refused: the server already runs ${this.#active} calls, the limit maxConcurrentCalls is ${this.#maxPerServer}`,
      );
    }
    return undefined;
  }

  /** One more call runs. */
  acquire(): void {
    this.#active++;
  }

  /** `count` calls ended. */
  release(count = 1): void {
    this.#active = Math.max(0, this.#active - count);
  }
}
