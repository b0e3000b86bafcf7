import {
  connect,
  type Frame,
  FramedConnection,
  FrameType,
  type HandshakeMetaInit,
  localHandshake,
  type MetadataEntry,
  type Operation,
  type Resumer,
  type RetryOptions,
  RpcError,
  Status,
  suspend,
  type TimerQueue,
} from '@yrpc/protocol';
import type { Metadata } from './call-context.js';
import {
  type CallOptions,
  type ClientOptions,
  callOptionsSchema,
  clientOptionsSchema,
} from './call-options.js';
import { currentCallContext, wantCallScope } from './call-scope.js';
import { ClientCall, type ClientCallOwner, type SettleTarget } from './client-call.js';
import { startClientHeartbeat } from './client-liveness.js';
import { ClientSession } from './client-session.js';
import { ClientStream } from './client-stream.js';
import { ClientStreamCall } from './client-stream-call.js';
import { type ClientEndpoint, describeEndpoint, endpointSchema } from './endpoint.js';
import type { FlowControlSettings } from './flow-control-options.js';
import type { HeartbeatSettings } from './heartbeat.js';
import { type ClientInterceptor, interceptCall, interceptedOperation } from './interceptor.js';
import { parseOptions } from './invalid-option-error.js';
import { encodeShared, ownedBytes } from './message-writer.js';
import type { MethodDefinition } from './method-definition.js';
import { type MethodPath, toMethodPath } from './method-path.js';
import { retryInterceptor } from './retry-policy.js';
import { rpcTimers } from './rpc-timers.js';
import type { ServiceDefinition } from './service-definition.js';
import type { Callback, ServiceStub, UnaryMethodStub } from './service-stub.js';
import { streamingStub } from './streaming-stub.js';

interface QueuedCall {
  readonly call: ClientCall;
  readonly payload: Uint8Array;
  readonly metadata: readonly MetadataEntry[];
}

const NO_METADATA: readonly MetadataEntry[] = [];
const NO_BYTES = new Uint8Array(0);
const textEncoder = new TextEncoder();

/** How long {@link Client.close} waits for the server to end its side before aborting. */
const CLOSE_GRACE_MS = 1000;

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
  readonly #endpoint: ClientEndpoint;
  readonly #timers: TimerQueue;
  readonly #defaultTimeoutMs: number | undefined;
  readonly #connectTimeoutMs: number;
  readonly #defaultMetadata: readonly MetadataEntry[];
  readonly #heartbeat: HeartbeatSettings;
  readonly #reconnect: RetryOptions;
  readonly #interceptors: readonly ClientInterceptor[];
  /** Connections the server sent GOAWAY on, still finishing their calls. */
  readonly #retiring = new Set<FramedConnection>();
  #session: ClientSession | undefined;
  #transport: FramedConnection | undefined;
  #connecting: Promise<ClientSession> | undefined;
  #queue: QueuedCall[] = [];
  #closed = false;
  readonly #handshake: HandshakeMetaInit;
  readonly #flow: FlowControlSettings;
  readonly #maxQueuedCalls: number;

  /** A client of the server at `endpoint`; nothing connects until the first call. */
  constructor(endpoint: ClientEndpoint, options: ClientOptions = {}) {
    parseOptions(endpointSchema, endpoint, 'Client endpoint');
    this.#endpoint = endpoint;
    const parsed = parseOptions(clientOptionsSchema, options, 'Client');
    this.address = describeEndpoint(this.#endpoint);
    // Calls of this client made from inside a handler inherit the served call, across awaits.
    wantCallScope();
    this.#timers = rpcTimers();
    this.#defaultTimeoutMs = parsed.defaultTimeoutMs;
    this.#connectTimeoutMs = parsed.connectTimeoutMs;
    this.#defaultMetadata = toEntries(parsed.metadata);
    this.#heartbeat = parsed.heartbeat;
    this.#flow = parsed.flowControl;
    this.#maxQueuedCalls = parsed.maxQueuedCalls ?? Number.POSITIVE_INFINITY;
    this.#handshake = localHandshake({
      heartbeatIntervalMs: parsed.heartbeat.intervalMs,
      connectionWindow: this.#flow.connectionWindow,
      streamWindow: this.#flow.streamWindow,
    });
    this.#reconnect = parsed.reconnect;
    // Retries run innermost: the caller's interceptors see one call, however many attempts.
    this.#interceptors =
      parsed.retry === undefined
        ? parsed.interceptors
        : [...parsed.interceptors, retryInterceptor(parsed.retry)];
  }

  /** Opens the connection now instead of at the first call. Rejects with UNAVAILABLE. */
  async connect(): Promise<void> {
    await this.#ensureSession();
  }

  /** Whether the connection is open right now. */
  get connected(): boolean {
    return this.#usableSession() !== undefined;
  }

  /** Calls in flight (sent or waiting for the connection). */
  get pendingCalls(): number {
    return (this.#session?.pendingCalls ?? 0) + this.#queue.length;
  }

  /** Calls waiting for room: for the connection to open, for credit, for output to drain. */
  get queuedCalls(): number {
    return (this.#session?.waitingCalls ?? 0) + this.#queue.length;
  }

  /** A typed stub for `service`: one method per RPC, callable three ways. */
  service<S>(service: ServiceDefinition<S>): ServiceStub<S> {
    const stub: Record<string, UnaryMethodStub<unknown, unknown>> = {};
    for (const method of service.methods.values()) {
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
    return this.#send(method, request, options);
  }

  #send<Response>(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
  ): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      this.#start(method, request, options, {
        kind: 'promise',
        resolve: resolve as (value: unknown) => void,
        reject,
      });
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
    this.#start(method, request, options, {
      kind: 'callback',
      callback: callback as Callback<unknown>,
    });
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
      const call = this.#start(method, request, options, {
        kind: 'coroutine',
        resumer: resumer as Resumer<unknown>,
      });
      return () => {
        if (!call.settled)
          call.owner?.cancel(call, this.#cancelled(call, 'the calling coroutine was halted'));
      };
    });
  }

  #intercepted(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
  ): Promise<unknown> {
    return interceptCall(this.#interceptors, method, request, options ?? {}, (last, lastOptions) =>
      this.#send(method, last, lastOptions),
    );
  }

  /**
   * Closes the connection. Calls still in flight fail with UNAVAILABLE; later calls fail at once.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const reason = new RpcError(Status.UNAVAILABLE, 'the client was closed');
    this.#failQueue(reason);
    this.#session?.close(reason, true);
    const transport = this.#transport;
    this.#transport = undefined;
    this.#session = undefined;
    for (const retiring of this.#retiring) retiring.close();
    this.#retiring.clear();
    if (transport !== undefined) {
      // Graceful (buffered output goes out), but a peer that never ends its side is not waited
      // for long: nothing of ours is in flight any more.
      transport.close();
      const connection = transport.connection;
      const grace = this.#timers.add(CLOSE_GRACE_MS, () => connection.abort());
      await connection.closed;
      this.#timers.cancel(grace);
    }
  }

  /** Part of {@link ClientCallOwner}: a queued call is given up by its caller. */
  cancel(call: ClientCall, error: Error): void {
    this.#unqueue(call);
    call.settle(error);
  }

  /** Part of {@link ClientCallOwner}: a queued call's deadline passed while connecting. */
  expire(call: ClientCall): void {
    call.timer = 0;
    this.#unqueue(call);
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
        this.#openStream(method, request, options, target),
      ) as unknown as UnaryMethodStub<unknown, unknown>;
    }
    const client = this;
    function stub(
      request: unknown,
      optionsOrCallback?: CallOptions | Callback<unknown>,
      callback?: Callback<unknown>,
    ): Promise<unknown> | undefined {
      if (typeof optionsOrCallback === 'function') {
        client.unaryCallback(method, request, undefined, optionsOrCallback);
        return undefined;
      }
      if (callback !== undefined) {
        client.unaryCallback(method, request, optionsOrCallback, callback);
        return undefined;
      }
      return client.unary(method, request, optionsOrCallback);
    }
    stub.co = (request: unknown, options?: CallOptions) =>
      client.unaryOperation(method, request, options);
    stub.path = method.path;
    stub.kind = 'unary';
    return stub as unknown as UnaryMethodStub<unknown, unknown>;
  }

  #start(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    target: SettleTarget,
  ): ClientCall {
    const call = new ClientCall(method, target);
    this.#begin(call, request, options);
    call.starting = false;
    return call;
  }

  /**
   * Starts a streaming call of `method` (through the interceptors, if any) and returns it: its
   * request (server streaming) is sent at once; request messages follow through the stream.
   * `target` is told the outcome (the response, for client streaming).
   */
  #openStream(
    method: MethodDefinition,
    request: unknown,
    options: CallOptions | undefined,
    target: SettleTarget,
  ): ClientStream {
    if (this.#interceptors.length === 0) {
      const call = new ClientStreamCall(method, this.#flow.streamWindow, target);
      const stream = new ClientStream(call);
      this.#begin(call, request, options);
      call.starting = false;
      return stream;
    }
    // Interceptors see the call, its options and its one request (server streaming; for a
    // request stream `request` is undefined: its messages go through the stream); `next`
    // resolves with the call's stream (response streams) or its response (client streaming).
    let response: Promise<unknown> | undefined;
    let callTarget = target;
    if (!method.responseStream) {
      let resolve: (value: unknown) => void = noop;
      let reject: (error: unknown) => void = noop;
      response = new Promise((yes, no) => {
        resolve = yes;
        reject = no;
      });
      response.catch(noop);
      callTarget = { kind: 'promise', resolve, reject };
    }
    const call = new ClientStreamCall(method, this.#flow.streamWindow, callTarget);
    const stream = new ClientStream(call);
    const outcome = interceptCall(
      this.#interceptors,
      method,
      request,
      options ?? {},
      (last, lastOptions) => {
        this.#begin(call, last, lastOptions);
        call.starting = false;
        return response ?? Promise.resolve(stream);
      },
    );
    const failed = (error: unknown): Error =>
      error instanceof Error ? error : new RpcError(Status.UNKNOWN, String(error));
    if (response === undefined) {
      outcome.catch((error: unknown) => call.settle(failed(error)));
    } else {
      // What the interceptors made of the outcome reaches the caller.
      const told = new ClientCall(method, target);
      outcome.then(
        (value) => told.settle(undefined, value),
        (error: unknown) => {
          call.settle(failed(error));
          told.settle(failed(error));
        },
      );
    }
    return stream;
  }

  #begin(call: ClientCall, request: unknown, options: CallOptions | undefined): void {
    const method = call.method;
    if (this.#closed) {
      call.settle(
        new RpcError(Status.UNAVAILABLE, `${method.path} on ${this.address}: the client is closed`),
      );
      return;
    }
    if (options !== undefined && !plausibleCallOptions(options)) {
      try {
        parseOptions(callOptionsSchema, options, `call of ${method.path}`);
      } catch (error) {
        call.settle(error as Error);
        return;
      }
    }
    let payload: Uint8Array;
    try {
      // A view into a writer shared by every call: sent (copied) before anything encodes again.
      // A request stream's REQUEST carries no message: its messages follow as the caller sends.
      payload = method.requestStream ? NO_BYTES : encodeShared(method.requestType, request);
    } catch (error) {
      call.settle(
        new RpcError(
          Status.INVALID_ARGUMENT,
          `${method.path} on ${this.address}: request does not encode as its request message: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      return;
    }
    let timeoutMs = options?.timeoutMs ?? this.#defaultTimeoutMs;
    // A call made by a handler inherits the deadline and cancellation of the call it serves.
    const parent = currentCallContext();
    const deadline = earlier(options?.deadline, parent?.deadline);
    if (deadline !== undefined) {
      const untilDeadline = deadline - Date.now();
      timeoutMs = timeoutMs === undefined ? untilDeadline : Math.min(timeoutMs, untilDeadline);
    }
    if (timeoutMs !== undefined) {
      call.timeoutMs = timeoutMs;
      if (timeoutMs <= 0) {
        call.settle(
          new RpcError(
            Status.DEADLINE_EXCEEDED,
            `${method.path} on ${this.address}: deadline already passed before the call started`,
          ),
        );
        return;
      }
      call.deadlineAt = this.#timers.now() + timeoutMs;
      call.timer = this.#timers.add(timeoutMs, expireCall, call);
    }
    const signal = inheritedSignal(options?.signal, parent?.signal);
    if (signal !== undefined) {
      if (signal.aborted) {
        this.#clearTimer(call);
        call.settle(this.#cancelled(call, describeReason(signal.reason)));
        return;
      }
      call.signal = signal;
      call.onAbort = () =>
        call.owner?.cancel(call, this.#cancelled(call, describeReason(signal.reason)));
      signal.addEventListener('abort', call.onAbort, { once: true });
    }
    if (options?.idempotencyKey !== undefined) {
      call.idempotencyKey = textEncoder.encode(options.idempotencyKey);
    }
    if (options?.onMetadata !== undefined) call.onMetadata = options.onMetadata;
    const metadata =
      options?.metadata === undefined
        ? this.#defaultMetadata
        : [...this.#defaultMetadata, ...toEntries(options.metadata)];
    const session = this.#usableSession();
    if (this.queuedCalls >= this.#maxQueuedCalls) {
      this.#clearTimer(call);
      call.settle(
        new RpcError(
          Status.RESOURCE_EXHAUSTED,
          `${method.path} on ${this.address}: ${this.queuedCalls} calls already wait for the connection to take them (client option maxQueuedCalls is ${this.#maxQueuedCalls})`,
        ),
      );
      return;
    }
    if (session !== undefined) {
      if (call instanceof ClientStreamCall) session.open(call, payload, metadata);
      else session.send(call, payload, metadata);
    } else {
      call.owner = this;
      this.#queue.push({ call, payload: ownedBytes(payload), metadata });
      this.#ensureSession().catch(() => {
        // The queued calls carry the failure; nobody else waits on this promise.
      });
    }
  }

  /** The session, if its connection can still carry calls. */
  #usableSession(): ClientSession | undefined {
    const session = this.#session;
    // After a GOAWAY the connection finishes its calls but takes no new ones.
    if (session === undefined || session.closed || session.goAway !== undefined) return undefined;
    if (this.#transport?.connection.state !== 'open') return undefined;
    return session;
  }

  #ensureSession(): Promise<ClientSession> {
    const session = this.#usableSession();
    if (session !== undefined) return Promise.resolve(session);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<ClientSession> {
    if (this.#closed)
      throw new RpcError(Status.UNAVAILABLE, `${this.address}: the client is closed`);
    let transport: FramedConnection;
    try {
      const connection = await connect({
        ...this.#endpoint,
        timeoutMs: this.#connectTimeoutMs,
        timers: this.#timers,
        retry: this.#reconnect,
        connection: { outputHighWaterMark: this.#flow.outputHighWaterMark },
      });
      transport = new FramedConnection(connection, {
        connectionWindow: this.#flow.connectionWindow,
      });
    } catch (error) {
      const failure = new RpcError(
        Status.UNAVAILABLE,
        `could not connect to ${this.address}: ${(error as Error).message}`,
        { cause: error },
      );
      this.#failQueue(failure);
      throw failure;
    }
    if (this.#closed) {
      transport.close();
      throw new RpcError(
        Status.UNAVAILABLE,
        `${this.address}: the client was closed while connecting`,
      );
    }
    const session = new ClientSession({ address: this.address, timers: this.#timers }, transport);
    const handshake = this.#handshake;
    // Requests follow the HANDSHAKE at once; the server's answer only adjusts the limits.
    transport.sendHandshake(handshake);
    const heartbeat = startClientHeartbeat(
      transport,
      session,
      this.#timers,
      this.#heartbeat,
      this.address,
    );
    transport.onWritable(() => session.writable());
    const acceptHandshake = (frame: Frame): void => {
      session.peerAnnounced(transport.acceptHandshake(frame, handshake));
    };
    transport.onFrame((frame) => {
      heartbeat.heard();
      if (frame.type === FrameType.HANDSHAKE) acceptHandshake(frame);
      else session.handle(frame);
    });
    transport.onClose((reason) => {
      heartbeat.stop();
      const why = session.goAway ?? reason?.message;
      session.close(
        new RpcError(
          Status.UNAVAILABLE,
          `connection lost before the answer${why === undefined ? '' : `: ${why}`}`,
          reason === null ? {} : { cause: reason },
        ),
      );
      if (this.#session === session) {
        this.#session = undefined;
        this.#transport = undefined;
      }
      this.#retiring.delete(transport);
    });
    this.#retire(this.#transport);
    this.#session = session;
    this.#transport = transport;
    const queued = this.#queue;
    this.#queue = [];
    for (const { call, payload, metadata } of queued) {
      if (call.settled) continue;
      if (call instanceof ClientStreamCall) session.open(call, payload, metadata);
      else session.send(call, payload, metadata);
    }
    return session;
  }

  /** Keeps a connection replaced after a GOAWAY until its calls are done and the server closes it. */
  #retire(transport: FramedConnection | undefined): void {
    if (transport !== undefined && transport.connection.state === 'open') {
      this.#retiring.add(transport);
    }
  }

  #failQueue(reason: RpcError): void {
    const queued = this.#queue;
    this.#queue = [];
    for (const { call } of queued) {
      this.#clearTimer(call);
      call.settle(
        new RpcError(reason.code, `${call.method.path}: ${reason.message}`, { cause: reason }),
      );
    }
  }

  #unqueue(call: ClientCall): void {
    this.#clearTimer(call);
    const index = this.#queue.findIndex((queued) => queued.call === call);
    if (index >= 0) this.#queue.splice(index, 1);
  }

  #clearTimer(call: ClientCall): void {
    if (call.timer !== 0) {
      this.#timers.cancel(call.timer);
      call.timer = 0;
    }
  }

  #cancelled(call: ClientCall, why: string): RpcError {
    return new RpcError(
      Status.CANCELLED,
      `${call.method.path} on ${this.address}: cancelled, ${why}`,
    );
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

function earlier(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

/** The caller's signal, the served call's, or one that aborts with either. */
function inheritedSignal(
  own: AbortSignal | undefined,
  parent: AbortSignal | undefined,
): AbortSignal | undefined {
  if (parent === undefined) return own;
  return own === undefined ? parent : AbortSignal.any([own, parent]);
}

function expireCall(call: ClientCall): void {
  call.owner?.expire(call);
}

function toEntries(metadata: Metadata | undefined): readonly MetadataEntry[] {
  if (metadata === undefined) return NO_METADATA;
  return Object.entries(metadata).map(([key, value]) => ({ key, value }));
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `the caller aborted: ${reason.message}`;
  return reason === undefined ? 'the caller aborted' : `the caller aborted: ${String(reason)}`;
}

/** A quick test that lets valid call options skip the zod parse on the hot path. */
function plausibleCallOptions(options: CallOptions): boolean {
  for (const key in options) {
    if (
      key !== 'timeoutMs' &&
      key !== 'deadline' &&
      key !== 'signal' &&
      key !== 'metadata' &&
      key !== 'onMetadata'
    ) {
      // An idempotency key is rare and its byte length takes a parse to check.
      return false;
    }
  }
  const { timeoutMs, deadline, signal, metadata, onMetadata } = options;
  return (
    (timeoutMs === undefined ||
      (Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 0xffff_ffff)) &&
    (deadline === undefined || Number.isFinite(deadline)) &&
    (signal === undefined || signal instanceof AbortSignal) &&
    (metadata === undefined || plausibleMetadata(metadata)) &&
    (onMetadata === undefined || typeof onMetadata === 'function')
  );
}

function plausibleMetadata(metadata: Metadata): boolean {
  if (typeof metadata !== 'object' || metadata === null) return false;
  for (const key in metadata) if (typeof metadata[key] !== 'string') return false;
  return true;
}

function noop(): void {}
