import { type Operation, RpcError, Status, until } from '@yrpc/protocol';
import { methodKindOf } from '../../service/handler-shape.js';
import type { MethodDefinition } from '../../service/method-definition.js';
import type { ServiceDefinition } from '../../service/service-definition.js';
import type { CallOptions, ClientOptions } from '../call-options.js';
import type { Client } from '../client.js';
import type { Callback, ServiceStub, UnaryMethodStub } from '../service-stub.js';
import { unaryStub } from '../unary-stub.js';
import { optionsAfterWait, ReadyWaiters } from './ready-waiters.js';
import { addressKey, type ResolvedAddress, type Resolver } from './resolver.js';
import { type EjectionSettings, Subchannel, type SubchannelOwner } from './subchannel.js';

/** How a balancing pool picks a connection for each call (README, "Targets, resolvers and policies"). */
export type BalancingPolicy = 'pick_first' | 'round_robin' | 'p2c';

/** What a {@link Balancer} is made of. */
export interface BalancerSettings {
  /** The target as given, for messages. */
  readonly target: string;
  readonly resolver: Resolver;
  readonly policy: BalancingPolicy;
  /** Connections (clients) per address. */
  readonly size: number;
  readonly waitForReady: boolean;
  readonly ejection: EjectionSettings;
  readonly clientOptions: ClientOptions;
  readonly defaultTimeoutMs: number | undefined;
  readonly tls: object | undefined;
}

type AnyStub = UnaryMethodStub<unknown, unknown> & ((...args: unknown[]) => unknown);

/** How long retired connections may take to finish their calls before they are closed. */
const RETIRE_GRACE_MS = 30_000;
const RETIRE_POLL_MS = 50;

/**
 * The balancing core of a {@link ClientPool}: one {@link Subchannel} (a Client) per resolved
 * address (times `size`), added and retired as the resolver's answers change; each call goes to
 * a ready one by the policy, or waits for one (wait-for-ready) or fails fast with UNAVAILABLE.
 */
export class Balancer implements SubchannelOwner {
  readonly #settings: BalancerSettings;
  /** In the resolver's order. */
  #subchannels: Subchannel[] = [];
  /** Those calls may go to, in the same order; rebuilt when one changes, not per call. */
  #ready: Subchannel[] = [];
  readonly #retired = new Set<Subchannel>();
  readonly #waiters: ReadyWaiters;
  #next = 0;
  #current: Subchannel | undefined;
  #resolved = false;
  #resolverError: Error | undefined;
  #closed = false;

  constructor(settings: BalancerSettings) {
    this.#waiters = new ReadyWaiters(settings.target, settings.defaultTimeoutMs, () => this.#why());
    this.#settings = settings;
    settings.resolver.start({
      addresses: (addresses) => this.#update(addresses),
      error: (error) => this.#resolverFailed(error),
    });
  }

  /** Every client now (those of retired addresses still finishing their calls excluded). */
  get clients(): readonly Client[] {
    return this.#subchannels.map((subchannel) => subchannel.client);
  }

  /** The connections and their state, for tests and dashboards. */
  get subchannels(): readonly Subchannel[] {
    return this.#subchannels;
  }

  /** A ready connection by the policy, or undefined when none is ready. */
  pick(): Subchannel | undefined {
    const ready = this.#ready;
    const count = ready.length;
    if (count === 0) return undefined;
    switch (this.#settings.policy) {
      case 'pick_first': {
        const current = this.#current;
        if (current?.ready) return current;
        this.#current = ready[0];
        return this.#current;
      }
      case 'round_robin': {
        const index = this.#next++ % count;
        if (this.#next > 0x3fff_ffff) this.#next = 0;
        return ready[index];
      }
      default: {
        if (count === 1) return ready[0];
        // Power of two choices: two different connections at random, the less loaded one.
        const first = (Math.random() * count) | 0;
        let second = (Math.random() * (count - 1)) | 0;
        if (second >= first) second++;
        const a = ready[first] as Subchannel;
        const b = ready[second] as Subchannel;
        return b.client.pendingCalls < a.client.pendingCalls ? b : a;
      }
    }
  }

  unary<Response>(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Promise<Response> {
    const subchannel = this.pick();
    if (subchannel !== undefined) {
      return observed(subchannel, subchannel.client.unary<Response>(method, request, options));
    }
    const start = Date.now();
    return this.#wait(options, method.path, undefined).then((picked) =>
      observed(picked, picked.client.unary<Response>(method, request, this.#after(options, start))),
    );
  }

  unaryCallback<Response>(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    callback: Callback<Response>,
  ): void {
    const subchannel = this.pick();
    if (subchannel !== undefined) {
      subchannel.client.unaryCallback(
        method,
        request,
        options,
        observedCallback(subchannel, callback),
      );
      return;
    }
    const start = Date.now();
    this.#wait(options, method.path, undefined).then(
      (picked) =>
        picked.client.unaryCallback(
          method,
          request,
          this.#after(options, start),
          observedCallback(picked, callback),
        ),
      (error: unknown) => callback(error as Error),
    );
  }

  unaryOperation<Response>(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Operation<Response> {
    const balancer = this;
    return {
      *[Symbol.iterator]() {
        let subchannel = balancer.pick();
        let callOptions = options;
        if (subchannel === undefined) {
          const start = Date.now();
          subchannel = yield* until((signal) => balancer.#wait(options, method.path, signal));
          callOptions = balancer.#after(options, start);
        }
        try {
          const response = yield* subchannel.client.unaryOperation<Response>(
            method,
            request,
            callOptions,
          );
          subchannel.succeeded();
          return response;
        } catch (error) {
          subchannel.failed(error);
          throw error;
        }
      },
    };
  }

  /**
   * Stubs whose unary calls go through the balancer; streaming calls go to the connection
   * picked when they open (a ready one; else one being opened, which queues them).
   */
  service<S>(service: ServiceDefinition<S>): ServiceStub<S> {
    const stub: Record<string, unknown> = {};
    for (const method of service.methods.values()) {
      let methodStub: unknown;
      if (!method.requestStream && !method.responseStream) {
        methodStub = unaryStub(method, this as never);
      } else {
        const name = method.localName;
        const on = (): AnyStub =>
          (this.#forStream(method.path).stub(service) as unknown as Record<string, AnyStub>)[
            name
          ] as AnyStub;
        methodStub = Object.assign((...args: unknown[]) => on()(...args), {
          co: (...args: unknown[]) => (on().co as (...a: unknown[]) => unknown)(...args),
          path: method.path,
          kind: methodKindOf(method),
        });
      }
      stub[method.localName] = methodStub;
      stub[method.name] = methodStub;
    }
    return stub as ServiceStub<S>;
  }

  /** Opens every connection now; resolves once one is ready (rejects like a fail-fast call). */
  async connect(): Promise<void> {
    for (const subchannel of this.#subchannels) subchannel.connect();
    if (this.pick() === undefined) await this.#wait(undefined, 'connect', undefined);
  }

  /** Every client, those of retired addresses still finishing their calls included (for stats). */
  get allClients(): readonly Client[] {
    return [...this.#subchannels, ...this.#retired].map((subchannel) => subchannel.client);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#settings.resolver.close();
    const closing = [...this.#subchannels, ...this.#retired];
    this.#subchannels = [];
    this.#ready = [];
    this.#retired.clear();
    this.#waiters.fail(
      (path) =>
        new RpcError(
          Status.UNAVAILABLE,
          `${path} on ${this.#settings.target}: the pool was closed`,
        ),
      false,
    );
    await Promise.all(closing.map((subchannel) => subchannel.close()));
  }

  /** Part of {@link SubchannelOwner}. */
  changed(_subchannel: Subchannel): void {
    if (this.#closed) return;
    this.#ready = this.#subchannels.filter((subchannel) => subchannel.ready);
    this.#wake();
  }

  /** Part of {@link SubchannelOwner}: a dropped connection is a reason to resolve again. */
  dropped(_subchannel: Subchannel): void {
    if (!this.#closed) this.#settings.resolver.resolveNow();
  }

  #update(addresses: readonly ResolvedAddress[]): void {
    if (this.#closed) return;
    const { size, clientOptions, tls, ejection } = this.#settings;
    const existing = new Map<string, Subchannel[]>();
    for (const subchannel of this.#subchannels) {
      const key = addressKey(subchannel.address);
      const list = existing.get(key);
      if (list === undefined) existing.set(key, [subchannel]);
      else list.push(subchannel);
    }
    const next: Subchannel[] = [];
    const added: Subchannel[] = [];
    const seen = new Set<string>();
    for (const address of addresses) {
      const key = addressKey(address);
      if (seen.has(key)) continue;
      seen.add(key);
      const kept = existing.get(key);
      if (kept !== undefined) {
        next.push(...kept);
        existing.delete(key);
        continue;
      }
      for (let index = 0; index < size; index++) {
        const subchannel = new Subchannel(address, clientOptions, tls, this, ejection);
        next.push(subchannel);
        added.push(subchannel);
      }
    }
    this.#subchannels = next;
    this.#resolved = true;
    this.#resolverError = undefined;
    for (const gone of existing.values()) for (const subchannel of gone) this.#retire(subchannel);
    for (const subchannel of added) subchannel.connect();
    this.changed(next[0] as Subchannel);
  }

  #resolverFailed(error: Error): void {
    if (this.#closed) return;
    this.#resolverError = error;
    this.#wake();
  }

  /** No new call goes to `subchannel`; it closes once its calls are done (or after a grace). */
  #retire(subchannel: Subchannel): void {
    this.#retired.add(subchannel);
    const started = Date.now();
    const attempt = (): void => {
      if (!this.#retired.has(subchannel)) return;
      if (subchannel.client.pendingCalls === 0 || Date.now() - started > RETIRE_GRACE_MS) {
        this.#retired.delete(subchannel);
        void subchannel.close();
        return;
      }
      setTimeout(attempt, RETIRE_POLL_MS).unref();
    };
    attempt();
  }

  /** Hands ready connections to waiting calls; fails the fail-fast ones if none can come. */
  #wake(): void {
    if (!this.#waiters.waiting) return;
    this.#waiters.hand(() => this.pick());
    if (this.#waiters.waiting && this.#hopeless()) {
      this.#waiters.fail((path) => this.#unavailable(path), true);
    }
  }

  /**
   * Nothing ready and nothing on its way: resolution is over (or failed) and every connection
   * is ejected (failed to connect, or failed calls), or there is none.
   */
  #hopeless(): boolean {
    if (!this.#resolved) return this.#resolverError !== undefined;
    return this.#subchannels.every((subchannel) => subchannel.ejected);
  }

  /** A ready connection for a call that found none, by its deadline and signal. */
  #wait(
    options: CallOptions | undefined,
    path: string,
    extraSignal: AbortSignal | undefined,
  ): Promise<Subchannel> {
    if (this.#closed) {
      return Promise.reject(
        new RpcError(Status.UNAVAILABLE, `${path} on ${this.#settings.target}: the pool is closed`),
      );
    }
    const failFast = !(options?.waitForReady ?? this.#settings.waitForReady);
    if (failFast && this.#hopeless()) return Promise.reject(this.#unavailable(path));
    return this.#waiters.wait(options, path, failFast, extraSignal);
  }

  /** Options of a call that waited since `start`: its time budget shrinks by the wait. */
  #after(options: CallOptions | undefined, start: number): CallOptions | undefined {
    return optionsAfterWait(options, start, this.#settings.defaultTimeoutMs);
  }

  #unavailable(path: string): RpcError {
    return new RpcError(
      Status.UNAVAILABLE,
      `${path} on ${this.#settings.target}: no ready connection (${this.#why()}); calls fail fast unless waitForReady is set`,
      this.#resolverError === undefined ? {} : { cause: this.#resolverError },
    );
  }

  /** Why nothing is ready, in a few words per address. */
  #why(): string {
    if (this.#resolverError !== undefined && this.#subchannels.length === 0) {
      return this.#resolverError.message;
    }
    if (!this.#resolved) return 'the target is still being resolved';
    if (this.#subchannels.length === 0) return 'the resolver gave no address';
    const seen = new Set<string>();
    const parts: string[] = [];
    for (const subchannel of this.#subchannels) {
      if (seen.has(subchannel.client.address)) continue;
      seen.add(subchannel.client.address);
      const state = subchannel.ejected
        ? 'ejected'
        : subchannel.connecting
          ? 'connecting'
          : 'not connected';
      const last = subchannel.lastError?.message;
      parts.push(`${subchannel.client.address} ${state}${last === undefined ? '' : `: ${last}`}`);
      if (parts.length === 3) break;
    }
    return parts.join('; ');
  }

  #forStream(path: string): Subchannel {
    const picked =
      this.pick() ??
      this.#subchannels.find((subchannel) => subchannel.connecting) ??
      this.#subchannels[0];
    if (picked === undefined) throw this.#unavailable(path);
    return picked;
  }
}

function observed<T>(subchannel: Subchannel, promise: Promise<T>): Promise<T> {
  promise.then(subchannel.succeeded, subchannel.failed);
  return promise;
}

function observedCallback<T>(subchannel: Subchannel, callback: Callback<T>): Callback<T> {
  return (error, response) => {
    if (error) subchannel.failed(error);
    else subchannel.succeeded();
    callback(error, response as T);
  };
}
