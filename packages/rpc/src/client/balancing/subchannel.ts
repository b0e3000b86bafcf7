import { isRpcError, Status } from '@yrpc/protocol';
import type { ServiceDefinition } from '../../service/service-definition.js';
import type { ClientOptions } from '../call-options.js';
import { Client } from '../client.js';
import type { ConnectionEvent } from '../client-connector.js';
import type { ServiceStub } from '../service-stub.js';
import type { ResolvedAddress } from './resolver.js';

/** When a subchannel is taken out after failures and how long it stays out. */
export interface EjectionSettings {
  /** UNAVAILABLE calls in a row that take a connection out; a failed connection does at once. */
  readonly consecutiveFailures: number;
  /** Time out after the first ejection, doubled per ejection in a row, in ms. */
  readonly baseEjectionMs: number;
  /** Upper bound of the time out, in ms. */
  readonly maxEjectionMs: number;
}

/** What a subchannel tells its pool. */
export interface SubchannelOwner {
  /** Its readiness changed (connected, lost, ejected, re-admitted). */
  changed(subchannel: Subchannel): void;
  /** Its connection dropped or was told to go away: time to resolve again. */
  dropped(subchannel: Subchannel): void;
}

/**
 * One connection of a balancing pool to one resolved address: a {@link Client} (with its own
 * reconnect backoff), kept connected, taken out of the rotation after failures (ejection) and let
 * back in after a backoff.
 */
export class Subchannel {
  readonly address: ResolvedAddress;
  readonly client: Client;
  readonly #owner: SubchannelOwner;
  readonly #ejection: EjectionSettings;
  /** Connected and not ejected: calls may go here. */
  #ready = false;
  #connecting = false;
  #ejectedUntil = 0;
  #ejections = 0;
  #failures = 0;
  #readmit: NodeJS.Timeout | undefined;
  #closed = false;
  /** The last connection failure, for the messages of calls that found nothing ready. */
  lastError: Error | undefined;
  readonly #stubs = new Map<ServiceDefinition, ServiceStub<unknown>>();
  /** Bound once: the outcome of a call as a promise reaction. */
  readonly succeeded = (): void => {
    this.#failures = 0;
    this.#ejections = 0;
  };
  readonly failed = (error: unknown): void => {
    if (!isRpcError(error) || error.code !== Status.UNAVAILABLE || this.#closed) return;
    if (++this.#failures >= this.#ejection.consecutiveFailures) this.#eject(error);
  };

  constructor(
    address: ResolvedAddress,
    options: ClientOptions,
    tls: object | undefined,
    owner: SubchannelOwner,
    ejection: EjectionSettings,
  ) {
    this.address = address;
    this.client = new Client(tls === undefined ? address : { ...address, tls }, options);
    this.#owner = owner;
    this.#ejection = ejection;
    this.client.onConnectionEvent((event) => this.#connectionEvent(event));
  }

  /** Whether calls may go here now. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Whether a connection is being opened (a call that waits for one may get it soon). */
  get connecting(): boolean {
    return this.#connecting;
  }

  /** Whether it is out of the rotation after failures. */
  get ejected(): boolean {
    return this.#ejectedUntil > 0;
  }

  /** The client's stub of `service`, made once. */
  stub<S>(service: ServiceDefinition<S>): ServiceStub<S> {
    let stub = this.#stubs.get(service as ServiceDefinition);
    if (stub === undefined) {
      stub = this.client.service(service as ServiceDefinition) as ServiceStub<unknown>;
      this.#stubs.set(service as ServiceDefinition, stub);
    }
    return stub as ServiceStub<S>;
  }

  /** Opens the connection (and keeps it open) unless it is open or being opened. */
  connect(): void {
    if (this.#closed || this.#connecting || this.ejected) return;
    if (this.client.connected) {
      this.#setReady(true);
      return;
    }
    this.#connecting = true;
    this.client.connect().then(
      () => {
        this.#connecting = false;
        this.lastError = undefined;
        if (!this.#closed) this.#setReady(this.client.connected && !this.ejected);
      },
      (error: unknown) => {
        this.#connecting = false;
        this.lastError = error as Error;
        if (!this.#closed) this.#eject(error as Error);
      },
    );
  }

  /** Stops it for good; calls still in flight on it fail (see {@link Client.close}). */
  close(): Promise<void> {
    this.#closed = true;
    this.#ready = false;
    clearTimeout(this.#readmit);
    this.client.onConnectionEvent(undefined);
    return this.client.close();
  }

  #connectionEvent(event: ConnectionEvent): void {
    if (this.#closed) return;
    if (event === 'opened') {
      this.#setReady(!this.ejected);
      return;
    }
    // Lost, or going away (connection age, shutdown): no new call goes there; open another.
    this.#setReady(false);
    this.#owner.dropped(this);
    if (!this.ejected) this.connect();
  }

  #eject(error: Error): void {
    this.lastError = error;
    this.#failures = 0;
    const delay = Math.min(
      this.#ejection.baseEjectionMs * 2 ** this.#ejections,
      this.#ejection.maxEjectionMs,
    );
    this.#ejections++;
    this.#ejectedUntil = Date.now() + delay;
    this.#ready = false;
    this.#owner.changed(this);
    clearTimeout(this.#readmit);
    this.#readmit = setTimeout(() => {
      this.#ejectedUntil = 0;
      this.connect();
      this.#owner.changed(this);
    }, delay);
    this.#readmit.unref();
  }

  #setReady(ready: boolean): void {
    if (this.#ready === ready) return;
    this.#ready = ready;
    this.#owner.changed(this);
  }
}
