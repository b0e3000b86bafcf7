import {
  type ByteBuffer,
  CoroutineError,
  decodeRequestMeta,
  type Frame,
  type FrameEncoder,
  FrameType,
  type MetadataEntry,
  type Operation,
  type RequestMeta,
  RpcError,
  Status,
  type TimerQueue,
  toRpcError,
} from '@yrpc/protocol';
import type { CallLimiter } from './call-limiter.js';
import { runInCallScope, withCallScope } from './call-scope.js';
import {
  handlerFailure,
  undecodableRequest,
  unencodableResponse,
  unimplemented,
} from './handler-failure.js';
import type { MethodDefinition } from './method-definition.js';
import { ownedPayload } from './owned-payload.js';
import { RequestMetaCache } from './request-meta-cache.js';
import { ServerCall } from './server-call.js';
import type { RegisteredMethod, ServiceRegistry } from './service-registry.js';

/** Where a session writes frames: an encoder and the connection's output buffer. */
export interface FrameOutput {
  readonly encoder: FrameEncoder;
  /** The output buffer to append frames to; what is appended in one tick goes out in one write. */
  beginWrite(): ByteBuffer;
}

/** What a session needs from its server. */
export interface SessionSettings {
  readonly registry: ServiceRegistry;
  readonly timers: TimerQueue;
  readonly exposeErrorStack: boolean;
  /** Concurrency limits shared by the server's sessions; none when absent. */
  readonly limiter?: CallLimiter | undefined;
}

const NO_ENTRIES: readonly MetadataEntry[] = [];

type CoroutineHandler = (request: unknown, context: ServerCall) => Operation<unknown>;
type CallHandler = (request: unknown, context: ServerCall) => unknown;

/**
 * The server side of one connection: dispatches REQUEST frames to handlers, answers them, and
 * stops calls on CANCEL, on deadline and when the connection goes away.
 *
 * Plain handlers run inline (they finish before anything could stop them); async handlers are
 * awaited; generator handlers run as coroutines spawned in the connection's scope, so halting the
 * connection's coroutine halts them all (their `finally` blocks run).
 */
export class ServerSession {
  readonly peer: string;
  readonly #settings: SessionSettings;
  readonly #output: FrameOutput;
  readonly #calls = new Map<number, ServerCall>();
  /** Calls of one method without deadline or metadata repeat their meta bytes exactly. */
  readonly #lastMeta = new RequestMetaCache();
  #closed = false;

  constructor(peer: string, settings: SessionSettings, output: FrameOutput) {
    this.peer = peer;
    this.#settings = settings;
    this.#output = output;
  }

  /** Calls in flight on this connection. */
  get activeCalls(): number {
    return this.#calls.size;
  }

  /**
   * Handles one frame. When the frame starts a coroutine handler, returns its call, whose
   * `operation` the caller spawns in the connection's scope (and stores the task in `task`);
   * otherwise returns `undefined`.
   */
  handle(frame: Frame): ServerCall | undefined {
    switch (frame.type) {
      case FrameType.REQUEST:
        return this.#request(frame);
      case FrameType.CANCEL:
        this.#cancel(frame.id);
        return undefined;
      case FrameType.PING:
        this.#output.encoder.writePong(this.#output.beginWrite(), frame.id);
        return undefined;
      default:
        return undefined;
    }
  }

  #request(frame: Frame): ServerCall | undefined {
    const id = frame.id;
    let meta: RequestMeta;
    let registered: RegisteredMethod | undefined;
    if (this.#lastMeta.matches(frame)) {
      meta = this.#lastMeta.meta;
      registered = this.#lastMeta.registered;
    } else {
      try {
        meta = decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      } catch (error) {
        this.#sendError(id, new RpcError(Status.INVALID_ARGUMENT, (error as Error).message));
        return undefined;
      }
      registered = this.#settings.registry.lookup(meta.method);
      this.#lastMeta.remember(frame, meta, registered);
    }
    if (registered?.handler === undefined) {
      this.#sendError(id, unimplemented(meta.method, registered !== undefined));
      return undefined;
    }
    const definition = registered.definition;
    if (definition.requestStream || definition.responseStream) {
      this.#sendError(
        id,
        new RpcError(
          Status.UNIMPLEMENTED,
          `streaming method ${definition.path} is not served by this version`,
        ),
      );
      return undefined;
    }
    if (this.#calls.has(id)) {
      this.#sendError(
        id,
        new RpcError(
          Status.INVALID_ARGUMENT,
          `request id ${id} is already in use by a call in flight`,
        ),
      );
      return undefined;
    }
    // A plain handler finishes inside this frame: it never holds a place, so it is never refused.
    const refusal =
      registered.kind === 'plain'
        ? undefined
        : this.#settings.limiter?.refusal(this.#calls.size, definition.path);
    if (refusal !== undefined) {
      this.#sendError(id, refusal);
      return undefined;
    }
    let request: unknown;
    try {
      // A copy: the frame's bytes are reused by the next read, the request may outlive it.
      request = definition.requestType.decode(ownedPayload(frame));
    } catch (error) {
      this.#sendError(id, undecodableRequest(definition.path, error));
      return undefined;
    }
    const deadline = meta.timeoutMs > 0 ? Date.now() + meta.timeoutMs : undefined;
    const call = new ServerCall(
      id,
      definition.path,
      this.peer,
      meta.metadata,
      deadline,
      meta.idempotencyKey,
    );
    return this.#start(call, registered, request, meta.timeoutMs);
  }

  #start(
    call: ServerCall,
    registered: RegisteredMethod,
    request: unknown,
    timeoutMs: number,
  ): ServerCall | undefined {
    const definition = registered.definition;
    if (registered.kind === 'coroutine') {
      this.#track(call, timeoutMs);
      call.operation = this.#runCoroutine(
        call,
        definition,
        registered.handler as CoroutineHandler,
        request,
      );
      return call;
    }
    let result: unknown;
    try {
      // In the call's scope: calls the handler makes inherit its deadline and cancellation.
      result = runInCallScope(call, registered.handler as CallHandler, request, registered.kind);
    } catch (error) {
      this.#finish(call, handlerFailure(error, definition.path, this.#settings.exposeErrorStack));
      return undefined;
    }
    if (isThenable(result)) {
      this.#track(call, timeoutMs);
      result.then(
        (value) => this.#respond(call, definition, value),
        (error: unknown) =>
          this.#finish(
            call,
            handlerFailure(error, definition.path, this.#settings.exposeErrorStack),
          ),
      );
      return undefined;
    }
    this.#respond(call, definition, result);
    return undefined;
  }

  #track(call: ServerCall, timeoutMs: number): void {
    this.#calls.set(call.id, call);
    this.#settings.limiter?.acquire();
    if (timeoutMs > 0) call.timer = this.#settings.timers.add(timeoutMs, expire, call);
    call.owner = this;
  }

  *#runCoroutine(
    call: ServerCall,
    definition: MethodDefinition,
    handler: CoroutineHandler,
    request: unknown,
  ): Operation<void> {
    let value: unknown;
    try {
      value = yield* withCallScope(call, () => handler(request, call));
    } catch (error) {
      // A halt (cancel, deadline, connection gone, server closing) is thrown through the
      // handler; it is not the handler failing, and whoever halted has answered if anyone must.
      if (CoroutineError.isHalt(error)) throw error;
      this.#finish(call, handlerFailure(error, definition.path, this.#settings.exposeErrorStack));
      return;
    }
    this.#respond(call, definition, value);
  }

  #respond(call: ServerCall, definition: MethodDefinition, value: unknown): void {
    if (call.finished) return;
    let payload: Uint8Array;
    try {
      payload = definition.responseType.encode(value).finish();
    } catch (error) {
      this.#finish(call, unencodableResponse(definition.path, error));
      return;
    }
    this.#finish(call, payload);
  }

  /** Sends the response bytes or the error of `call`, once, and forgets the call. */
  #finish(call: ServerCall, outcome: Uint8Array | RpcError): void {
    if (call.finished) return;
    call.finished = true;
    this.#forget(call);
    if (this.#closed) return;
    const { headers, trailers } = call;
    if (outcome instanceof Uint8Array) {
      try {
        // No meta object at all when the handler set nothing: the usual answer stays as cheap.
        const meta =
          headers === undefined && trailers === undefined
            ? undefined
            : { metadata: headers ?? NO_ENTRIES, trailers: trailers ?? NO_ENTRIES };
        this.#output.encoder.writeResponse(this.#output.beginWrite(), call.id, outcome, meta);
      } catch (error) {
        // A response the peer's limits refuse (too large) still gets an answer.
        this.#sendError(call.id, toRpcError(error));
      }
    } else if (headers === undefined && trailers === undefined) {
      this.#sendError(call.id, outcome);
    } else {
      // An ERROR frame has trailers only: what the handler set travels there, after the error's own.
      this.#sendError(
        call.id,
        new RpcError(outcome.code, outcome.message, {
          details: outcome.details,
          metadata: [...outcome.metadata, ...(headers ?? NO_ENTRIES), ...(trailers ?? NO_ENTRIES)],
        }),
      );
    }
  }

  #forget(call: ServerCall): void {
    if (call.timer !== 0) {
      this.#settings.timers.cancel(call.timer);
      call.timer = 0;
    }
    if (this.#calls.delete(call.id)) this.#settings.limiter?.release();
  }

  #sendError(id: number, error: RpcError): void {
    this.#output.encoder.writeError(this.#output.beginWrite(), id, error);
  }

  #cancel(id: number): void {
    const call = this.#calls.get(id);
    if (call === undefined) return;
    call.finished = true;
    this.#forget(call);
    this.#stop(
      call,
      new RpcError(Status.CANCELLED, `call ${call.method} was cancelled by the client`),
    );
  }

  /** Called by the deadline timer: answers DEADLINE_EXCEEDED and stops the handler. */
  expire(call: ServerCall): void {
    call.timer = 0;
    if (call.finished) return;
    const error = new RpcError(
      Status.DEADLINE_EXCEEDED,
      `call ${call.method} exceeded its deadline on the server`,
    );
    this.#finish(call, error);
    this.#stop(call, error);
  }

  #stop(call: ServerCall, reason: RpcError): void {
    call.cancel(reason);
    call.task?.halt();
  }

  /** The connection is gone: every call in flight is stopped, nothing more is sent. */
  close(reason: RpcError): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.#calls.values()) {
      call.finished = true;
      if (call.timer !== 0) this.#settings.timers.cancel(call.timer);
      this.#stop(call, reason);
    }
    this.#settings.limiter?.release(this.#calls.size);
    this.#calls.clear();
  }
}

function expire(call: ServerCall): void {
  call.owner?.expire(call);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
