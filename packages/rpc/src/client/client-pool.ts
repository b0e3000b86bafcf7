import type { Operation } from '@yrpc/protocol';
import { z } from 'zod';
import { type ClientStats, sumStats } from '../call/stats.js';
import type { ClientEndpoint } from '../connection/endpoint.js';
import { InvalidOptionError, parseOptions } from '../invalid-option-error.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { ServiceDefinition } from '../service/service-definition.js';
import { Balancer, type BalancingPolicy } from './balancing/balancer.js';
import { DnsResolver } from './balancing/dns-resolver.js';
import { addressKey, type Resolver, StaticResolver } from './balancing/resolver.js';
import { parseTarget } from './balancing/target.js';
import { type CallOptions, type ClientOptions, clientOptionsSchema } from './call-options.js';
import { Client } from './client.js';
import type { Callback, ServiceStub, UnaryMethodStub } from './service-stub.js';

const milliseconds = z.number().int().min(1).max(0x7fff_ffff);

/** Options of a {@link ClientPool}: its size, balancing, resolution, and its clients' options. */
export const clientPoolOptionsSchema = z.looseObject({
  /**
   * Connections (each a {@link Client}) per address. Unset: 4 for one endpoint object, 1 per
   * resolved address for a target string or a resolver.
   */
  size: z.number().int().min(1).max(1024).optional(),
  /** How each call picks a connection; unset: `p2c` (an endpoint object: least-loaded of all). */
  policy: z.enum(['pick_first', 'round_robin', 'p2c']).optional(),
  /** Calls that find no ready connection wait for one until their deadline (else fail fast). */
  waitForReady: z.boolean().default(false),
  /** A resolver of your own (the target string then only names it in messages). */
  resolver: z
    .custom<Resolver>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Resolver).start === 'function' &&
        typeof (value as Resolver).resolveNow === 'function' &&
        typeof (value as Resolver).close === 'function',
      'not a Resolver (start, resolveNow, close)',
    )
    .optional(),
  /** How `dns:` targets are resolved. */
  dns: z
    .strictObject({
      /** Resolve again this often, in ms. */
      refreshIntervalMs: milliseconds.default(30_000),
      /** At least this long between two resolutions (re-resolving after drops waits), in ms. */
      minResolveIntervalMs: z.number().int().min(0).max(0x7fff_ffff).default(1_000),
      /** Ask for SRV records of the name and use their targets and ports. */
      srv: z.boolean().default(false),
      /** DNS servers (`ip` or `ip:port`); empty: the system's. */
      servers: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  /** When failing connections are taken out of the rotation, and for how long. */
  outlierEjection: z
    .strictObject({
      /** UNAVAILABLE calls in a row that take a connection out (a failed connect does at once). */
      consecutiveFailures: z.number().int().min(1).max(1_000_000).default(5),
      /** Time out after the first ejection, doubled for each further one in a row, in ms. */
      baseEjectionMs: milliseconds.default(1_000),
      /** Upper bound of the time out, in ms. */
      maxEjectionMs: milliseconds.default(30_000),
    })
    .prefault({}),
  /** TLS options for every address of a target string or resolver (net's `tls`). */
  tls: z.looseObject({}).optional(),
});

/** Options of a pool, as given: the pool's own (see {@link clientPoolOptionsSchema}) and any {@link ClientOptions}. */
export type ClientPoolOptions = ClientOptions & {
  readonly size?: number;
  readonly policy?: BalancingPolicy;
  readonly waitForReady?: boolean;
  readonly resolver?: Resolver;
  readonly dns?: {
    readonly refreshIntervalMs?: number;
    readonly minResolveIntervalMs?: number;
    readonly srv?: boolean;
    readonly servers?: readonly string[];
  };
  readonly outlierEjection?: {
    readonly consecutiveFailures?: number;
    readonly baseEjectionMs?: number;
    readonly maxEjectionMs?: number;
  };
  readonly tls?: ClientEndpoint['tls'];
};

/** One connection of a pool as {@link ClientPool.connections} shows it. */
export interface PoolConnection {
  /** The address, as in error messages: `127.0.0.1:50051`. */
  readonly address: string;
  /** Whether calls may go to it now (connected and not ejected). */
  readonly ready: boolean;
  /** Whether it is out of the rotation after failures (until its backoff ends). */
  readonly ejected: boolean;
  readonly pendingCalls: number;
}

type AnyStub = UnaryMethodStub<unknown, unknown> & ((...args: unknown[]) => unknown);

/**
 * Several connections to one target. Given one endpoint object (`{ host, port }`, `{ path }`),
 * it holds `size` connections to it and sends each call to the one with the fewest calls in
 * flight (ties to the first), as it always did. Given a target string (`dns:///svc:50051`,
 * `static:///h1:p1,h2:p2`, `host:port`, `unix:PATH`), a `resolver`, or a `policy`, it balances:
 * one connection per resolved address (times `size`), kept in step with the resolver's answers,
 * each call to a ready one by the policy (`p2c` by default), failing connections ejected and
 * re-admitted with backoff (README, "Targets, resolvers and policies").
 *
 * @example
 * const pool = new ClientPool('dns:///greeter.svc.cluster.local:50051', { policy: 'round_robin' });
 * const reply = await pool.service(Greeter).sayHello({ name: 'Ada' });
 */
export class ClientPool {
  /** The fixed clients of an endpoint-object pool; undefined when balancing. */
  readonly #fixed: readonly Client[] | undefined;
  readonly #balancer: Balancer | undefined;

  constructor(target: ClientEndpoint | string, options: ClientPoolOptions = {}) {
    const { size, policy, waitForReady, resolver, dns, outlierEjection, tls, ...clientOptions } =
      parseOptions(clientPoolOptionsSchema, options, 'ClientPool');
    if (typeof target === 'object' && resolver === undefined && policy === undefined) {
      const clients: Client[] = [];
      for (let index = 0; index < (size ?? 4); index++) {
        clients.push(new Client(target, clientOptions as ClientOptions));
      }
      this.#fixed = clients;
      this.#balancer = undefined;
      return;
    }
    // Fails here, not at the first call, for bad client options or a bad target.
    parseOptions(clientOptionsSchema, clientOptions, 'ClientPool');
    const name = typeof target === 'string' ? target : addressKey(target);
    let chosen: Resolver;
    let endpointTls: object | undefined = tls;
    if (resolver !== undefined) {
      chosen = resolver;
    } else if (typeof target === 'object') {
      const { tls: ownTls, ...address } = target;
      endpointTls ??= ownTls;
      chosen = new StaticResolver([address]);
    } else {
      const parsed = parseTarget(target);
      if (parsed.scheme !== 'dns') {
        chosen = new StaticResolver(parsed.addresses);
      } else {
        if (parsed.port === undefined && !dns.srv) {
          throw new InvalidOptionError(
            'target',
            `ClientPool option target: ${JSON.stringify(target)} has no port (give one, or dns.srv: true)`,
          );
        }
        chosen = new DnsResolver({
          host: parsed.host,
          port: parsed.port,
          srv: dns.srv,
          servers: parsed.server === undefined ? dns.servers : [parsed.server],
          refreshIntervalMs: dns.refreshIntervalMs,
          minResolveIntervalMs: dns.minResolveIntervalMs,
          target,
        });
      }
    }
    this.#fixed = undefined;
    this.#balancer = new Balancer({
      target: name,
      resolver: chosen,
      policy: policy ?? 'p2c',
      size: size ?? 1,
      waitForReady,
      ejection: outlierEjection,
      clientOptions: clientOptions as ClientOptions,
      defaultTimeoutMs: (clientOptions as ClientOptions).defaultTimeoutMs,
      tls: endpointTls,
    });
  }

  /** The pool's clients now, one connection each (a balancing pool's change with its addresses). */
  get clients(): readonly Client[] {
    return this.#fixed ?? (this.#balancer as Balancer).clients;
  }

  /** Every connection of the pool with its address and state. */
  connections(): readonly PoolConnection[] {
    if (this.#fixed !== undefined) {
      return this.#fixed.map((client) => ({
        address: client.address,
        ready: client.connected,
        ejected: false,
        pendingCalls: client.pendingCalls,
      }));
    }
    return (this.#balancer as Balancer).subchannels.map((subchannel) => ({
      address: subchannel.client.address,
      ready: subchannel.ready,
      ejected: subchannel.ejected,
      pendingCalls: subchannel.client.pendingCalls,
    }));
  }

  /**
   * The client the next call would go to: the least-loaded one (endpoint-object pool), or a ready
   * one by the policy (balancing pool; undefined while none is ready).
   */
  pick(): Client | undefined {
    if (this.#balancer !== undefined) return this.#balancer.pick()?.client;
    const clients = this.#fixed as readonly Client[];
    let best = clients[0] as Client;
    for (const client of clients) {
      if (client.pendingCalls < best.pendingCalls) best = client;
    }
    return best;
  }

  /** Calls in flight over the whole pool. */
  get pendingCalls(): number {
    return this.clients.reduce((sum, client) => sum + client.pendingCalls, 0);
  }

  /** The {@link Client.stats} of every client of the pool, summed. */
  stats(): ClientStats {
    return sumStats((this.#balancer?.allClients ?? this.clients).map((client) => client.stats()));
  }

  /** A typed stub for `service` whose every call goes to the least-loaded client. */
  service<S>(service: ServiceDefinition<S>): ServiceStub<S> {
    if (this.#balancer !== undefined) return this.#balancer.service(service);
    const perClient = this.clients.map(
      (client) => client.service(service) as Readonly<Record<string, AnyStub>>,
    );
    const stub: Record<string, AnyStub> = {};
    for (const name of Object.keys(perClient[0] ?? {})) {
      const on = (): AnyStub =>
        perClient[this.clients.indexOf(this.pick() as Client)]?.[name] as AnyStub;
      const method = ((...args: unknown[]) => on()(...args)) as AnyStub;
      Object.assign(method, {
        co: (request: unknown, options?: CallOptions) => on().co(request, options),
        path: perClient[0]?.[name]?.path,
      });
      stub[name] = method;
    }
    return stub as ServiceStub<S>;
  }

  /** Calls `method` on the least-loaded client; see {@link Client.unary}. */
  unary<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Promise<Response> {
    if (this.#balancer !== undefined)
      return this.#balancer.unary<Response>(method, request, options);
    return (this.pick() as Client).unary<Response>(method, request, options);
  }

  /** See {@link Client.unaryCallback}. */
  unaryCallback<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    callback: Callback<Response>,
  ): void {
    if (this.#balancer !== undefined) {
      this.#balancer.unaryCallback(method, request, options, callback);
      return;
    }
    (this.pick() as Client).unaryCallback(method, request, options, callback);
  }

  /** See {@link Client.unaryOperation}. */
  unaryOperation<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Operation<Response> {
    if (this.#balancer !== undefined) {
      return this.#balancer.unaryOperation<Response>(method, request, options);
    }
    return (this.pick() as Client).unaryOperation<Response>(method, request, options);
  }

  /** Opens every connection now (a balancing pool: resolves once one is ready). */
  async connect(): Promise<void> {
    if (this.#balancer !== undefined) return this.#balancer.connect();
    await Promise.all(this.clients.map((client) => client.connect()));
  }

  /** Closes every connection (and the resolver); see {@link Client.close}. */
  async close(): Promise<void> {
    if (this.#balancer !== undefined) return this.#balancer.close();
    await Promise.all(this.clients.map((client) => client.close()));
  }
}
