import { RpcError, Status } from '@yrpc/protocol';

/** How often a server lets a client PING it. */
export interface PingPolicy {
  /** The shortest spacing, in ms, of a client's PINGs the server accepts without complaint. */
  readonly minPingIntervalMs: number;
  /** PINGs closer together than that which are forgiven before the client is sent away. */
  readonly maxPingStrikes: number;
}

/**
 * Protects a server from ping storms: counts the PINGs of one connection that come sooner than
 * the policy allows and, past the allowed strikes, names the offence so that the server can send a
 * GOAWAY and close. A PING spaced as allowed clears the strikes.
 */
export class PingGuard {
  readonly #policy: PingPolicy;
  #lastPingAt = Number.NEGATIVE_INFINITY;
  #strikes = 0;

  constructor(policy: PingPolicy) {
    this.#policy = policy;
  }

  /**
   * Records a PING received at `now` (ms); returns the error to send the client away with when
   * it pings too often, `undefined` otherwise.
   */
  ping(now: number, peer: string): RpcError | undefined {
    const gap = now - this.#lastPingAt;
    this.#lastPingAt = now;
    if (gap >= this.#policy.minPingIntervalMs) {
      this.#strikes = 0;
      return undefined;
    }
    this.#strikes++;
    if (this.#strikes <= this.#policy.maxPingStrikes) return undefined;
    return new RpcError(
      Status.RESOURCE_EXHAUSTED,
      `too many pings (ENHANCE_YOUR_CALM): ${peer} sent ${this.#strikes} PINGs less than ${this.#policy.minPingIntervalMs} ms apart; this server accepts one PING per ${this.#policy.minPingIntervalMs} ms (server option heartbeat.minPingIntervalMs), so raise the client's heartbeat.intervalMs`,
    );
  }
}
