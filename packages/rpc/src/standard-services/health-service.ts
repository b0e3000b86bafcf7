import { RpcError, Status } from '@yrpc/protocol';
import { z } from 'zod';
import { parseOptions } from '../invalid-option-error.js';
import type { Server } from '../server/server.js';
import type { ServiceImplementation } from '../server/service-implementation.js';
import {
  Health,
  type HealthCheckRequest,
  type HealthCheckResponse,
  type HealthMethods,
  type ServingStatus,
} from './health-proto.js';

/** A status the application may set: SERVICE_UNKNOWN is for Watch answers only. */
const settableStatus = z.enum(['UNKNOWN', 'SERVING', 'NOT_SERVING']);

/** A status {@link HealthService.setStatus} takes. */
export type SettableStatus = z.infer<typeof settableStatus>;

/** Options of a {@link HealthService} (and of {@link addHealth}). */
export const healthOptionsSchema = z.strictObject({
  /**
   * The statuses to start with, by service name; `''` is the whole server. Default:
   * `{ '': 'SERVING' }`.
   */
  statuses: z.record(z.string(), settableStatus).default({ '': 'SERVING' }),
  /**
   * How long a graceful shutdown keeps serving after reporting NOT_SERVING, before it drains:
   * time for load balancers and probes (which open new connections) to see it. Default 0.
   */
  shutdownDelayMs: z.number().int().min(0).max(0x7fff_ffff).default(0),
});

/** Options of a {@link HealthService}, as given; see {@link healthOptionsSchema}. */
export type HealthOptions = z.input<typeof healthOptionsSchema>;

/**
 * As grpc-go: List answers RESOURCE_EXHAUSTED beyond this many services rather than an answer
 * too large for the probe's limits.
 */
const MAX_LISTED_SERVICES = 100;

/** One open Watch call: what it last sent, and how to wake it when that may have changed. */
interface Watcher {
  readonly service: string;
  wake: (() => void) | undefined;
}

/**
 * The state behind `grpc.health.v1.Health`: a serving status per service name (`''` for the whole
 * server). Check answers the status, or NOT_FOUND for a service never set; Watch sends the
 * current status (SERVICE_UNKNOWN for an unknown service, and keeps watching) and then every
 * change, coalescing changes a slow watcher has not taken yet into the latest; List answers all.
 *
 * {@link HealthService.shutdown} (which a graceful `server.shutdown()` calls when the service was
 * added with {@link addHealth} or {@link HealthService.attach}) sets every status to NOT_SERVING,
 * ignores later changes, and then ends every Watch, so that the drain does not wait for them.
 */
export class HealthService {
  readonly #statuses = new Map<string, SettableStatus>();
  readonly #watchers = new Set<Watcher>();
  readonly #shutdownDelayMs: number;
  /** Set once shutdown began: statuses are frozen at NOT_SERVING. */
  #shuttingDown = false;
  /** Set once the shutdown delay passed: Watch calls end after sending the status. */
  #ended = false;

  constructor(options: HealthOptions = {}) {
    const parsed = parseOptions(healthOptionsSchema, options, 'HealthService');
    for (const [service, status] of Object.entries(parsed.statuses)) {
      this.#statuses.set(service, status);
    }
    this.#shutdownDelayMs = parsed.shutdownDelayMs;
  }

  /**
   * Sets the status of `service` (`''`: the whole server) and tells its watchers. Ignored once
   * the shutdown began, so that nothing reports SERVING while the server drains.
   */
  setStatus(service: string, status: SettableStatus): void {
    const parsed = parseOptions(
      z.tuple([z.string(), settableStatus]),
      [service, status],
      'HealthService.setStatus',
    );
    if (this.#shuttingDown) return;
    this.#statuses.set(parsed[0], parsed[1]);
    this.#notify(parsed[0]);
  }

  /**
   * Forgets `service`: Check answers NOT_FOUND again, and its watchers get SERVICE_UNKNOWN.
   * Ignored once the shutdown began.
   */
  clearStatus(service: string): void {
    if (this.#shuttingDown || !this.#statuses.delete(service)) return;
    this.#notify(service);
  }

  /** The status of `service` as Watch reports it (SERVICE_UNKNOWN when never set). */
  status(service: string): ServingStatus {
    return this.#statuses.get(service) ?? 'SERVICE_UNKNOWN';
  }

  /** Watch calls open right now. */
  get watchers(): number {
    return this.#watchers.size;
  }

  /**
   * Reports NOT_SERVING for every service, to every watcher; then, after `shutdownDelayMs`, ends
   * every Watch call (each after sending its last status). Resolves then. Idempotent.
   */
  async shutdown(): Promise<void> {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const service of this.#statuses.keys()) this.#statuses.set(service, 'NOT_SERVING');
    for (const watcher of this.#watchers) watcher.wake?.();
    if (this.#shutdownDelayMs > 0) {
      await new Promise<void>((resolve) => setTimeout(resolve, this.#shutdownDelayMs));
    }
    this.#ended = true;
    for (const watcher of this.#watchers) watcher.wake?.();
  }

  /**
   * Adds `grpc.health.v1.Health` to `server` and has its graceful shutdown call
   * {@link HealthService.shutdown} before it drains.
   */
  attach(server: Server): this {
    server.addService(Health, this.implementation);
    server.onShutdown(() => this.shutdown());
    return this;
  }

  /** The handlers, for `server.addService(Health, health.implementation)`. */
  get implementation(): ServiceImplementation<HealthMethods> {
    const watch = (service: string, signal: AbortSignal) => this.#watch(service, signal);
    return {
      Check: (request) => this.#check(request),
      List: () => this.#list(),
      // The registry tells a streaming handler by its kind of function: an async generator.
      async *Watch(request, stream) {
        yield* watch(request.service ?? '', stream.signal);
      },
    };
  }

  #check(request: HealthCheckRequest): HealthCheckResponse {
    const service = request.service ?? '';
    const status = this.#statuses.get(service);
    if (status === undefined) {
      throw new RpcError(Status.NOT_FOUND, `no health status for service "${service}"`);
    }
    return { status };
  }

  #list(): { statuses: Record<string, HealthCheckResponse> } {
    if (this.#statuses.size > MAX_LISTED_SERVICES) {
      throw new RpcError(
        Status.RESOURCE_EXHAUSTED,
        `${this.#statuses.size} services have a health status, more than the ${MAX_LISTED_SERVICES} List answers`,
      );
    }
    const statuses: Record<string, HealthCheckResponse> = {};
    for (const [service, status] of this.#statuses) statuses[service] = { status };
    return { statuses };
  }

  async *#watch(service: string, signal: AbortSignal): AsyncGenerator<HealthCheckResponse> {
    const watcher: Watcher = { service, wake: undefined };
    this.#watchers.add(watcher);
    const onAbort = (): void => watcher.wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      let sent: ServingStatus | undefined;
      for (;;) {
        const status = this.status(service);
        if (status !== sent) {
          sent = status;
          yield { status };
          continue;
        }
        if (this.#ended || signal.aborted) return;
        await new Promise<void>((resolve) => {
          watcher.wake = resolve;
        });
        watcher.wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.#watchers.delete(watcher);
    }
  }

  #notify(service: string): void {
    for (const watcher of this.#watchers) {
      if (watcher.service === service) watcher.wake?.();
    }
  }
}

/**
 * Serves `grpc.health.v1.Health` on `server` (over yrpc and every protocol the server has) and
 * returns the handle that sets statuses; a graceful shutdown reports NOT_SERVING before it
 * drains.
 *
 * @example
 * const health = addHealth(server);
 * health.setStatus('demo.Greeter', 'SERVING');
 */
export function addHealth(server: Server, options: HealthOptions = {}): HealthService {
  return new HealthService(options).attach(server);
}
