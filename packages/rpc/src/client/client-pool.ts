import type { Operation } from '@yrpc/protocol';
import { z } from 'zod';
import type { ClientStats } from '../call/stats.js';
import type { ClientEndpoint } from '../connection/endpoint.js';
import { parseOptions } from '../invalid-option-error.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { ServiceDefinition } from '../service/service-definition.js';
import type { CallOptions, ClientOptions } from './call-options.js';
import { Client } from './client.js';
import type { Callback, ServiceStub, UnaryMethodStub } from './service-stub.js';

/** Options of a {@link ClientPool}: its size, and the options of each of its clients. */
export const clientPoolOptionsSchema = z.looseObject({
  /** Connections to the target, each a {@link Client} of its own. */
  size: z.number().int().min(1).max(1024).default(4),
});

/** Options of a pool, as given: `size` and any {@link ClientOptions}. */
export type ClientPoolOptions = ClientOptions & { readonly size?: number };

type AnyStub = UnaryMethodStub<unknown, unknown> & ((...args: unknown[]) => unknown);

/**
 * Several connections to one target, for when one connection is not enough (one socket's
 * bandwidth, one server core per connection). Each call goes to the client with the fewest calls
 * in flight (ties go to the first), so a slow call does not hold up the others.
 *
 * @example
 * const pool = new ClientPool({ host: '127.0.0.1', port: 50051 }, { size: 4 });
 * const reply = await pool.service(Greeter).sayHello({ name: 'Ada' });
 */
export class ClientPool {
  /** The pool's clients, one connection each. */
  readonly clients: readonly Client[];

  constructor(endpoint: ClientEndpoint, options: ClientPoolOptions = {}) {
    const { size, ...clientOptions } = parseOptions(clientPoolOptionsSchema, options, 'ClientPool');
    const clients: Client[] = [];
    for (let index = 0; index < size; index++) {
      clients.push(new Client(endpoint, clientOptions as ClientOptions));
    }
    this.clients = clients;
  }

  /** The least-loaded client: the one with the fewest calls in flight. */
  pick(): Client {
    let best = this.clients[0] as Client;
    for (const client of this.clients) {
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
    const total = {
      connections: 0,
      callsInFlight: 0,
      queuedCalls: 0,
      bytesIn: 0,
      bytesOut: 0,
      callsStarted: 0,
      callsFinished: 0,
      flowControlStalls: 0,
    };
    for (const client of this.clients) {
      const stats = client.stats();
      for (const key of Object.keys(total) as (keyof ClientStats)[]) total[key] += stats[key];
    }
    return total;
  }

  /** A typed stub for `service` whose every call goes to the least-loaded client. */
  service<S>(service: ServiceDefinition<S>): ServiceStub<S> {
    const perClient = this.clients.map(
      (client) => client.service(service) as Readonly<Record<string, AnyStub>>,
    );
    const stub: Record<string, AnyStub> = {};
    for (const name of Object.keys(perClient[0] ?? {})) {
      const on = (): AnyStub => perClient[this.clients.indexOf(this.pick())]?.[name] as AnyStub;
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
    return this.pick().unary<Response>(method, request, options);
  }

  /** See {@link Client.unaryCallback}. */
  unaryCallback<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    callback: Callback<Response>,
  ): void {
    this.pick().unaryCallback(method, request, options, callback);
  }

  /** See {@link Client.unaryOperation}. */
  unaryOperation<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Operation<Response> {
    return this.pick().unaryOperation<Response>(method, request, options);
  }

  /** Opens every connection now. */
  async connect(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.connect()));
  }

  /** Closes every connection; see {@link Client.close}. */
  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }
}
