import {
  type MetadataEntry,
  type Operation,
  type Resumer,
  RpcError,
  Status,
  suspend,
  type TimerQueue,
} from '@yrpc/protocol';
import type { Metadata } from '../call/call-context.js';
import { wantCallScope } from '../call/call-scope.js';
import {
  type ClientChain,
  type ClientInterceptor,
  clientChain,
  InterceptedCall,
  interceptedOperation,
} from '../call/interceptor.js';
import type { CallCounters, ClientStats } from '../call/stats.js';
import { compressFrom } from '../compression/payload-compression.js';
import { type ClientEndpoint, describeEndpoint, endpointSchema } from '../connection/endpoint.js';
import { rpcTimers } from '../connection/rpc-timers.js';
import { parseOptions } from '../invalid-option-error.js';
import { EndpointMessages } from '../message/endpoint-messages.js';
import type { MethodDefinition } from '../service/method-definition.js';
import { type MethodPath, toMethodPath } from '../service/method-path.js';
import type { ServiceDefinition } from '../service/service-definition.js';
import { type CallOptions, type ClientOptions, clientOptionsSchema } from './call-options.js';
import { ClientCall, type ClientCallOwner, type SettleTarget } from './client-call.js';
import { type CallDefaults, cancelledError, prepareCall } from './client-call-setup.js';
import { ClientConnector, type ConnectionEvent } from './client-connector.js';
import { clearDeadline } from './client-deadline.js';
import { openStream, type StreamStart } from './client-stream-opener.js';
import { retryInterceptor } from './retry-policy.js';
import type { Callback, ServiceStub, UnaryMethodStub } from './service-stub.js';
import { streamingStub } from './streaming-stub.js';
import { TRANSPORT_WINDOW, TransportConnector } from './transport/transport-connector.js';
import { unaryStub } from './unary-stub.js';

const NO_METADATA: readonly MetadataEntry[] = [];

/**
 * A client of one server over one long connection, many calls in flight on it at once, matched
 * to their answers by request id. The connection opens on the first call (or {@link Client.connect})
 * and is opened again by the next call after it was lost.
 *
 * @example
 * const client = new Client({ host: '127.0.0.1', port: 50051 });
 * const greeter = client.service(Greeter);
 * const reply = await greeter.sayHello({ name: 'Ada' }, { timeoutMs: 1000 });
 */
export class Client implements ClientCallOwner {
  /** The server's address as it appears in error messages. */
  readonly address: string;
  readonly #timers: TimerQueue;
  readonly #callDefaults: CallDefaults;
  readonly #defaultMetadata: readonly MetadataEntry[];
  readonly #interceptors: readonly ClientInterceptor[];
  /** Per method, its calls through the interceptors (made on its first call). */
  readonly #chains = new Map<MethodDefinition, ClientChain>();
  /** What carries the calls: the yrpc connection, or the transport of another protocol. */
  readonly #connector: ClientConnector | TransportConnector;
  /** How {@link openStream} starts this client's streaming calls. */
  readonly #streams: StreamStart;
  readonly #maxQueuedCalls: number;
  /** The services' message conversion with this client's `messages` options. */
  readonly #messages: EndpointMessages;
  readonly #counters: CallCounters = { callsStarted: 0, callsFinished: 0 };

  /** A client of the server at `endpoint`; nothing connects until the first call. */
  constructor(endpoint: ClientEndpoint, options: ClientOptions = {}) {
    parseOptions(endpointSchema, endpoint, 'Client endpoint');
    const parsed = parseOptions(clientOptionsSchema, options, 'Client');
    this.address = describeEndpoint(endpoint);
    this.#messages = new EndpointMessages(parsed.messages);
    // Calls of this client made from inside a handler inherit the served call, across awaits.
    wantCallScope();
    this.#timers = rpcTimers();
    this.#callDefaults = {
      address: this.address,
      timers: this.#timers,
      defaultTimeoutMs: parsed.defaultTimeoutMs,
      compressFrom: compressFrom(parsed.compression, parsed.compressionThreshold),
      compressionThreshold: parsed.compressionThreshold,
    };
    this.#defaultMetadata = toEntries(parsed.metadata);
    this.#maxQueuedCalls = parsed.maxQueuedCalls ?? Number.POSITIVE_INFINITY;
    const transport = parsed.transport?.(endpoint);
    this.#connector =
      transport !== undefined
        ? new TransportConnector(transport, this.address, this.#timers)
        : new ClientConnector({
            address: this.address,
            endpoint,
            timers: this.#timers,
            connectTimeoutMs: parsed.connectTimeoutMs,
            reconnect: parsed.reconnect,
            heartbeat: parsed.heartbeat,
            flow: parsed.flowControl,
          });
    // Retries run innermost: the caller's interceptors see one call, however many attempts.
    this.#interceptors =
      parsed.retry === undefined
        ? parsed.interceptors
        : [...parsed.interceptors, retryInterceptor(parsed.retry)];
    this.#streams = {
      interceptors: this.#interceptors,
      // A transport's streams are flow-controlled by its protocol: the client's window stays open.
      streamWindow: transport === undefined ? parsed.flowControl.streamWindow : TRANSPORT_WINDOW,
      begin: (call, request, callOptions) => this.#begin(call, request, callOptions),
    };
  }

  /** Opens the connection now instead of at the first call. Rejects with UNAVAILABLE. */
  async connect(): Promise<void> {
    await this.#connector.ensureSession();
  }

  /** Whether the connection is open right now. */
  get connected(): boolean {
    return this.#connector.usableSession() !== undefined;
  }

  /**
   * Tells `listener` what happens to the client's connection: `opened`, `goaway` (the server
   * takes no new calls on it; the next call opens another) and `closed` (lost, not by
   * {@link Client.close}). One listener at a time; a later one replaces it. {@link ClientPool}
   * uses it to know which connections are ready.
   */
  onConnectionEvent(listener: ((event: ConnectionEvent) => void) | undefined): void {
    this.#connector.onConnectionEvent = listener;
  }

  /** Calls in flight (sent or waiting for the connection). */
  get pendingCalls(): number {
    return this.#connector.pendingCalls;
  }

  /** Calls waiting for room: for the connection to open, for credit, for output to drain. */
  get queuedCalls(): number {
    return this.#connector.queuedCalls;
  }

  /**
   * A snapshot of the client's activity: connections, calls in flight and queued, socket bytes,
   * calls started and finished, flow-control stalls. Counting costs integer increments where the
   * calls pass anyway.
   */
  stats(): ClientStats {
    const connection = this.#connector.connectionStats();
    return {
      connections: connection.connections,
      callsInFlight: this.pendingCalls,
      queuedCalls: this.queuedCalls,
      bytesIn: connection.bytesIn,
      bytesOut: connection.bytesOut,
      callsStarted: this.#counters.callsStarted,
      callsFinished: this.#counters.callsFinished,
      flowControlStalls: connection.flowControlStalls,
    };
  }

  /** A typed stub for `service`: one method per RPC, callable three ways. */
  service<S>(service: ServiceDefinition<S>): ServiceStub<S> {
    const stub: Record<string, UnaryMethodStub<unknown, unknown>> = {};
    for (const method of this.#messages.service(service).methods.values()) {
      const methodStub = this.#methodStub(method);
      stub[method.localName] = methodStub;
      stub[method.name] = methodStub;
    }
    return stub as ServiceStub<S>;
  }

  /** Calls `method` and returns a promise of its response. */
  unary<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Promise<Response> {
    if (this.#interceptors.length > 0) {
      return this.#intercepted(method, request, options) as Promise<Response>;
    }
    return this.#send(method, request, options, undefined);
  }

  #send<Response>(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    info: InterceptedCall | undefined,
  ): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      this.#start(
        method,
        request,
        options,
        { kind: 'promise', resolve: resolve as (value: unknown) => void, reject },
        info,
      );
    });
  }

  /** Calls `method` and hands the outcome to `callback`. */
  unaryCallback<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    callback: Callback<Response>,
  ): void {
    if (this.#interceptors.length > 0) {
      this.#intercepted(method, request, options).then(
        (response) => callback(null, response as Response),
        (error: unknown) => callback(error as Error),
      );
      return;
    }
    this.#start(
      method,
      request,
      options,
      { kind: 'callback', callback: callback as Callback<unknown> },
      undefined,
    );
  }

  /**
   * Calls `method` from a coroutine: `const reply = yield* client.unaryOperation(...)`. Halting
   * the coroutine cancels the call, on the server too.
   */
  unaryOperation<Response = unknown>(
    method: MethodDefinition,
    request: unknown,
    options?: CallOptions,
  ): Operation<Response> {
    if (this.#interceptors.length > 0) {
      return interceptedOperation<Response>((signal) =>
        this.#intercepted(method, request, {
          ...options,
          signal:
            options?.signal === undefined ? signal : AbortSignal.any([options.signal, signal]),
        }),
      );
    }
    return suspend<Response>((resumer) => {
      const call = this.#start(
        method,
        request,
        options,
        { kind: 'coroutine', resumer: resumer as Resumer<unknown> },
        undefined,
      );
      return () => {
        if (!call.settled)
          call.owner?.cancel(
            call,
            cancelledError(call, this.address, 'the calling coroutine was halted'),
          );
      };
    });
  }

  #intercepted(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
  ): Promise<unknown> {
    let chain = this.#chains.get(method);
    if (chain === undefined) {
      chain = clientChain(this.#interceptors, (last, lastOptions, info) =>
        this.#send(method, last, lastOptions, info),
      );
      this.#chains.set(method, chain);
    }
    // One record per call: its end listeners, and the sizes its attempts add up.
    const info = new InterceptedCall(method);
    // A fresh object: an interceptor may add to the options it is given.
    const outcome = chain(request, options ?? {}, info);
    // Told before the caller hears of the outcome (this reaction is registered first).
    outcome.then(
      () => info.end(Status.OK, undefined),
      (error: unknown) => info.endWith(error),
    );
    return outcome;
  }

  /**
   * Closes the connection. Calls still in flight fail with UNAVAILABLE; later calls fail at once.
   */
  close(): Promise<void> {
    return this.#connector.close();
  }

  /** Part of {@link ClientCallOwner}: a queued call is given up by its caller. */
  cancel(call: ClientCall, error: Error): void {
    this.#connector.unqueue(call);
    call.settle(error);
  }

  /** Part of {@link ClientCallOwner}: a queued call's deadline passed while connecting. */
  expire(call: ClientCall): void {
    call.timer = 0;
    this.#connector.unqueue(call);
    call.settle(
      new RpcError(
        Status.DEADLINE_EXCEEDED,
        `${call.method.path} on ${this.address}: deadline exceeded after ${call.timeoutMs} ms while connecting`,
      ),
    );
  }

  #methodStub(method: MethodDefinition): UnaryMethodStub<unknown, unknown> {
    if (method.requestStream || method.responseStream) {
      return streamingStub(method, (request, options, target) =>
        openStream(this.#streams, method, request, options, target),
      ) as unknown as UnaryMethodStub<unknown, unknown>;
    }
    return unaryStub(method, this);
  }

  #start(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    target: SettleTarget,
    info: InterceptedCall | undefined,
  ): ClientCall {
    const call = new ClientCall(this.#messages.method(method), target);
    if (info !== undefined) call.info = info;
    this.#begin(call, request, options);
    call.starting = false;
    return call;
  }

  /** Starts `call`: sends it on the connection, queues it for one, or fails it (settled). */
  #begin(call: ClientCall, request: unknown, options: CallOptions | undefined): void {
    this.#counters.callsStarted++;
    call.counters = this.#counters;
    if (this.#connector.closed) {
      call.settle(
        new RpcError(
          Status.UNAVAILABLE,
          `${call.method.path} on ${this.address}: the client is closed`,
        ),
      );
      return;
    }
    const payload = prepareCall(call, request, options, this.#callDefaults);
    if (payload === undefined) return;
    const metadata =
      options?.metadata === undefined
        ? this.#defaultMetadata
        : [...this.#defaultMetadata, ...toEntries(options.metadata)];
    if (this.queuedCalls >= this.#maxQueuedCalls) {
      clearDeadline(call, this.#timers);
      call.settle(
        new RpcError(
          Status.RESOURCE_EXHAUSTED,
          `${call.method.path} on ${this.address}: ${this.queuedCalls} calls already wait for the connection to take them (client option maxQueuedCalls is ${this.#maxQueuedCalls})`,
        ),
      );
      return;
    }
    this.#connector.start(call, payload, metadata, this);
  }

  /** Looks up a method of `service` by any of its names, for calls by name. */
  static method(service: ServiceDefinition, name: string): MethodDefinition | undefined {
    const byName = service.methods.get(name);
    if (byName !== undefined) return byName;
    const path: MethodPath | undefined = toMethodPath(name);
    for (const method of service.methods.values()) {
      if (method.localName === name || method.path === path) return method;
    }
    return undefined;
  }
}

function toEntries(metadata: Metadata | undefined): readonly MetadataEntry[] {
  if (metadata === undefined) return NO_METADATA;
  return Object.entries(metadata).map(([key, value]) => ({ key, value }));
}
