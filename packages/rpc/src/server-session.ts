import {
  CoroutineError,
  DEFAULT_WINDOW,
  decodeRequestMeta,
  type Frame,
  type FramedConnection,
  FrameType,
  type MetadataEntry,
  type Operation,
  ProtocolError,
  type RequestMeta,
  RpcError,
  Status,
  type TimerQueue,
  validateRequestMeta,
  windowIncrement,
} from '@yrpc/protocol';
import type { CallLimiter } from './call-limiter.js';
import { runInCallScope, withCallScope } from './call-scope.js';
import { DeferredRequests } from './deferred-requests.js';
import { FlowGate } from './flow-gate.js';
import {
  handlerFailure,
  undecodableRequest,
  unencodableResponse,
  unimplemented,
} from './handler-failure.js';
import { encodeShared, ownedBytes } from './message-writer.js';
import type { MethodDefinition } from './method-definition.js';
import { ownedPayload } from './owned-payload.js';
import { writesApart } from './payload-placement.js';
import { RequestMetaCache } from './request-meta-cache.js';
import { ServerCall } from './server-call.js';
import { ServerStream, type StreamOutput } from './server-stream.js';
import type { RegisteredMethod, ServiceRegistry } from './service-registry.js';
import { type StreamHandler, startStreamHandler } from './stream-handler.js';
import { requestShapeError } from './stream-shape.js';

/**
 * The connection a session writes to and reads from: every write goes through its guarded
 * `writeFrames`, and flow-controlled payloads through its credit (`canSend`, `spend`).
 */
export type FrameOutput = Pick<
  FramedConnection,
  | 'writeFrames'
  | 'writeOwned'
  | 'canSend'
  | 'spend'
  | 'outputBackedUp'
  | 'pauseFrames'
  | 'resumeFrames'
  | 'paused'
  | 'close'
  | 'retain'
  | 'release'
>;

/** An answer waiting for the client's credit or for backed-up output to drain. */
interface PendingAnswer {
  readonly id: number;
  readonly payload: Uint8Array;
  readonly headers: MetadataEntry[] | undefined;
  readonly trailers: MetadataEntry[] | undefined;
  readonly method: string;
  /** For a stream message (STREAM_DATA): told once it is written. */
  readonly written?: (() => void) | undefined;
}

/** What a session needs from its server. */
export interface SessionSettings {
  readonly registry: ServiceRegistry;
  readonly timers: TimerQueue;
  readonly exposeErrorStack: boolean;
  /** Concurrency limits shared by the server's sessions; none when absent. */
  readonly limiter?: CallLimiter | undefined;
  /** Requests a connection may put aside while its answers wait for the client's credit. */
  readonly maxDeferredRequests: number;
  /** The per-call window the server grants its clients (what a stream's requests may hold). */
  readonly streamWindow: number;
  /** The largest payload the server accepts in a frame. */
  readonly maxPayload: number;
}

const NO_ENTRIES: readonly MetadataEntry[] = [];
const NO_BYTES = new Uint8Array(0);

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
  readonly #answers: FlowGate<PendingAnswer>;
  readonly #deferred = new DeferredRequests();
  readonly #spawn: (call: ServerCall) => void;
  #closed = false;
  #peerEnded = false;
  /** The per-call window the client grants: what a response stream may have outstanding. */
  #peerStreamWindow = DEFAULT_WINDOW;
  /** What the streams of this connection write through. */
  readonly #streamOutput: StreamOutput = {
    writeStreamHeaders: (call) => this.#writeStreamHeaders(call),
    writeStreamData: (call, payload, written) => this.#offerData(call, payload, written),
    release: (retained) => this.#output.release(retained),
    writeStreamWindow: (call, increment) => {
      if (!call.finished) {
        this.#output.writeFrames((encoder, out) =>
          encoder.writeWindowUpdate(out, call.id, increment),
        );
      }
    },
  };

  /**
   * The server side of the connection to `peer`, writing to `output`; `spawn` starts the
   * coroutine of a generator handler's call (in the connection's scope).
   */
  constructor(
    peer: string,
    settings: SessionSettings,
    output: FrameOutput,
    spawn: (call: ServerCall) => void,
  ) {
    this.peer = peer;
    this.#settings = settings;
    this.#output = output;
    this.#spawn = spawn;
    this.#answers = new FlowGate(output, (answer) => {
      if (answer.written === undefined) {
        this.#writeAnswer(
          answer.id,
          answer.payload,
          answer.headers,
          answer.trailers,
          answer.method,
          true,
        );
        return;
      }
      this.#writeData(answer.id, answer.payload, true);
      answer.written();
    });
  }

  /** Adopts what the client announced in its handshake (the stream window it grants). */
  peerAnnounced(handshake: { readonly peerStreamWindow: number }): void {
    this.#peerStreamWindow = handshake.peerStreamWindow;
  }

  /** Calls in flight on this connection, requests put aside and answers not yet on the wire. */
  get activeCalls(): number {
    return this.#calls.size + this.#answers.waiting + this.#deferred.size;
  }

  /**
   * The connection can take more (credit came back, or output drained): sends the answers that
   * wait, and reads new frames again once nothing waits.
   */
  writable(): void {
    if (this.#closed) return;
    this.#answers.flush();
    // Requests put aside start in order, as long as their answers would not wait.
    while (this.#answers.waiting === 0 && !this.#closed) {
      const deferred = this.#deferred.take();
      if (deferred === undefined) break;
      const waited = this.#settings.timers.now() - deferred.receivedAt;
      this.#request(deferred.frame, waited);
      this.#output.release(deferred.retained);
    }
    this.#checkBackpressure();
  }

  /**
   * The client ended its side (a half-close): its calls in flight still get their answers, then
   * the connection closes.
   */
  peerEnded(): void {
    this.#peerEnded = true;
    this.#closeIfDone();
  }

  /**
   * Handles one frame. A REQUEST that arrives while answers wait for the client's credit is put
   * aside (the connection goes on reading, for the credit among what arrives) and starts when
   * the answers are out.
   */
  handle(frame: Frame): void {
    switch (frame.type) {
      case FrameType.REQUEST:
        if (this.#answers.waiting > 0 || this.#deferred.size > 0) this.#defer(frame);
        else this.#request(frame, 0);
        return;
      case FrameType.CANCEL:
        this.#cancel(frame.id);
        return;
      case FrameType.PING:
        this.#output.writeFrames((encoder, out) => encoder.writePong(out, frame.id));
        return;
      case FrameType.STREAM_DATA:
      case FrameType.STREAM_END:
        this.#streamFrame(frame);
        return;
      case FrameType.WINDOW_UPDATE:
        this.#calls.get(frame.id)?.stream?.grant(windowIncrement(frame));
        return;
      default:
        return;
    }
  }

  /** A request message or the client's half-close, for a call in flight. */
  #streamFrame(frame: Frame): void {
    const call = this.#calls.get(frame.id);
    // Frames of a call no longer in flight are ignored (they crossed its end).
    if (call === undefined) return;
    const stream = call.stream;
    if (stream === undefined || !stream.requestStream) {
      const error = new RpcError(
        Status.INVALID_ARGUMENT,
        `${call.method} takes one request message, but the client sent a request stream`,
      );
      this.#finish(call, error);
      this.#stop(call, error);
      return;
    }
    if (frame.type === FrameType.STREAM_DATA) {
      stream.received(ownedPayload(frame), this.#output.retain());
      if (!frame.endStream) return;
    }
    stream.requestsEnded();
  }

  #defer(frame: Frame): void {
    const limit = this.#settings.maxDeferredRequests;
    if (this.#deferred.size >= limit) {
      this.#sendError(
        frame.id,
        new RpcError(
          Status.RESOURCE_EXHAUSTED,
          `request ${frame.id} refused: ${limit} requests already wait on this connection while its answers wait for the client to take them`,
        ),
      );
      return;
    }
    // Checked now, while a meta block that does not decode can still end the connection from
    // inside the frame's delivery, where protocol errors are answered.
    decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    this.#deferred.add(frame, this.#output.retain(), this.#settings.timers.now());
  }

  /** Starts the call of a REQUEST frame received `waitedMs` ago. */
  #request(frame: Frame, waitedMs: number): void {
    const id = frame.id;
    let meta: RequestMeta;
    let registered: RegisteredMethod | undefined;
    if (this.#lastMeta.matches(frame)) {
      meta = this.#lastMeta.meta;
      registered = this.#lastMeta.registered;
    } else {
      // A block that does not decode is a protocol error: it propagates and ends the connection
      // with a GOAWAY. One that decodes but breaks a rule is this call's fault only.
      meta = decodeRequestMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      try {
        validateRequestMeta(meta);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        this.#sendError(id, new RpcError(Status.INVALID_ARGUMENT, error.message));
        return;
      }
      registered = this.#settings.registry.lookup(meta.method);
      this.#lastMeta.remember(frame, meta, registered);
    }
    if (registered?.handler === undefined) {
      this.#sendError(id, unimplemented(meta.method, registered !== undefined));
      return;
    }
    const definition = registered.definition;
    const kindError = requestShapeError(definition, frame);
    if (kindError !== undefined) {
      this.#sendError(id, kindError);
      return;
    }
    if (this.#calls.has(id)) {
      this.#sendError(
        id,
        new RpcError(
          Status.INVALID_ARGUMENT,
          `request id ${id} is already in use by a call in flight`,
        ),
      );
      return;
    }
    // A plain unary handler finishes inside this frame: it never holds a place, so it is never
    // refused. A stream outlives its REQUEST whatever its handler's shape: it is counted.
    const refusal =
      registered.kind === 'plain' && !definition.requestStream && !definition.responseStream
        ? undefined
        : this.#settings.limiter?.refusal(this.#calls.size, definition.path);
    if (refusal !== undefined) {
      this.#sendError(id, refusal);
      return;
    }
    let request: unknown;
    if (!definition.requestStream) {
      try {
        // A copy: the frame's bytes are reused by the next read, the request may outlive it.
        request = definition.requestType.decode(ownedPayload(frame));
      } catch (error) {
        this.#sendError(id, undecodableRequest(definition.path, error));
        return;
      }
    }
    // A request put aside has spent part of its budget waiting.
    const timeoutMs = meta.timeoutMs > 0 ? meta.timeoutMs - waitedMs : 0;
    if (meta.timeoutMs > 0 && timeoutMs <= 0) {
      this.#sendError(
        id,
        new RpcError(
          Status.DEADLINE_EXCEEDED,
          `call ${definition.path} exceeded its deadline on the server before it could start`,
        ),
      );
      return;
    }
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
    const call = new ServerCall(
      id,
      definition.path,
      this.peer,
      meta.metadata,
      deadline,
      meta.idempotencyKey,
    );
    if (definition.requestStream || definition.responseStream) {
      this.#startStream(call, registered, request, timeoutMs, frame.endStream);
      return;
    }
    this.#start(call, registered, request, timeoutMs);
  }

  /** Starts a streaming call: its stream, then its handler by kind (see stream-handler.ts). */
  #startStream(
    call: ServerCall,
    registered: RegisteredMethod,
    request: unknown,
    timeoutMs: number,
    requestsEnded: boolean,
  ): void {
    const definition = registered.definition;
    const settings = this.#settings;
    const stream = new ServerStream(
      call,
      definition,
      this.#streamOutput,
      {
        clientStreamWindow: this.#peerStreamWindow,
        streamWindow: settings.streamWindow,
        maxPayload: settings.maxPayload,
      },
      (bytes) => {
        try {
          return definition.requestType.decode(bytes);
        } catch (error) {
          throw undecodableRequest(definition.path, error);
        }
      },
    );
    call.stream = stream;
    this.#track(call, timeoutMs);
    if (definition.requestStream && requestsEnded) stream.requestsEnded();
    startStreamHandler(stream, registered.handler as StreamHandler, registered.kind, request, {
      respond: (value) => this.#respond(call, definition, value),
      complete: () => this.#completeStream(call),
      fail: (error) =>
        this.#finish(call, handlerFailure(error, definition.path, settings.exposeErrorStack)),
      spawn: (operation) => {
        call.operation = operation;
        this.#spawn(call);
      },
      get finished() {
        return call.finished;
      },
    });
  }

  /** A response stream ended well: STREAM_END with status OK and the trailers. */
  #completeStream(call: ServerCall): void {
    if (call.finished) return;
    call.finished = true;
    this.#forget(call);
    const stream = call.stream;
    if (this.#closed || stream === undefined) return;
    stream.sendHeaders();
    const trailers = call.trailers ?? NO_ENTRIES;
    this.#output.writeFrames((encoder, out) =>
      encoder.writeStreamEnd(out, call.id, { code: 0, trailers }),
    );
    stream.end(new RpcError(Status.CANCELLED, `call ${call.method} has ended`));
    this.#checkBackpressure();
    this.#closeIfDone();
  }

  /** Sends the RESPONSE that opens a response stream, with the headers set so far. */
  #writeStreamHeaders(call: ServerCall): void {
    if (call.finished && call.stream === undefined) return;
    const headers = call.headers ?? NO_ENTRIES;
    // Later headers cannot be sent any more: the RESPONSE carrying them is gone.
    call.headersSent = true;
    this.#output.writeFrames((encoder, out) =>
      encoder.writeResponse(out, call.id, NO_BYTES, { metadata: headers }, 0),
    );
  }

  /** A stream message whose stream credit was taken: now, or after the connection credit. */
  #offerData(call: ServerCall, payload: Uint8Array, written: () => void): boolean {
    if (this.#answers.pass(payload.length)) {
      this.#writeData(call.id, payload, false);
      return true;
    }
    this.#answers.queue({
      id: call.id,
      payload: ownedBytes(payload),
      headers: undefined,
      trailers: undefined,
      method: call.method,
      written,
    });
    this.#checkBackpressure();
    return false;
  }

  /** Writes one STREAM_DATA; `owned`: nobody else writes to `payload`. */
  #writeData(id: number, payload: Uint8Array, owned: boolean): void {
    const output = this.#output;
    const apart = writesApart(payload.length, owned);
    // A stream's messages leave together at the end of the event loop's turn, not one socket
    // write per message (a producer's messages come one per promise job).
    const failure = output.writeFrames((encoder, out) => {
      if (apart) encoder.writeStreamDataHead(out, id, payload.length);
      else encoder.writeStreamData(out, id, payload);
    }, 'immediate');
    if (failure === undefined && apart) {
      output.writeOwned(owned ? payload : ownedBytes(payload), 'immediate');
    }
  }

  #start(
    call: ServerCall,
    registered: RegisteredMethod,
    request: unknown,
    timeoutMs: number,
  ): void {
    const definition = registered.definition;
    if (registered.kind === 'coroutine') {
      this.#track(call, timeoutMs);
      call.operation = this.#runCoroutine(
        call,
        definition,
        registered.handler as CoroutineHandler,
        request,
      );
      this.#spawn(call);
      return;
    }
    let result: unknown;
    try {
      // In the call's scope: calls the handler makes inherit its deadline and cancellation.
      result = runInCallScope(call, registered.handler as CallHandler, request, registered.kind);
    } catch (error) {
      this.#finish(call, handlerFailure(error, definition.path, this.#settings.exposeErrorStack));
      return;
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
      return;
    }
    this.#respond(call, definition, result);
    return;
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
      // A view into a writer shared by every call: written (copied) before anything encodes again.
      payload = encodeShared(definition.responseType, value);
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
      // Waits for the client's credit (and for backed-up output) rather than failing.
      if (this.#answers.pass(outcome.length)) {
        this.#writeAnswer(call.id, outcome, headers, trailers, call.method, false);
      } else {
        const payload = ownedBytes(outcome);
        this.#answers.queue({ id: call.id, payload, headers, trailers, method: call.method });
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
    this.#checkBackpressure();
    this.#closeIfDone();
  }

  /** Writes an answer whose credit was taken; one the client's limits refuse becomes an ERROR. */
  #writeAnswer(
    id: number,
    payload: Uint8Array,
    headers: MetadataEntry[] | undefined,
    trailers: MetadataEntry[] | undefined,
    method: string,
    owned: boolean,
  ): void {
    // No meta object at all when the handler set nothing: the usual answer stays as cheap.
    const meta =
      headers === undefined && trailers === undefined
        ? undefined
        : { metadata: headers ?? NO_ENTRIES, trailers: trailers ?? NO_ENTRIES };
    const output = this.#output;
    const apart = writesApart(payload.length, owned);
    const failure = output.writeFrames((encoder, out) => {
      if (apart) encoder.writeResponseHead(out, id, payload.length, meta);
      else encoder.writeResponse(out, id, payload, meta);
    });
    if (failure === undefined) {
      // The socket keeps what it is handed: a shared view is copied first.
      if (apart) output.writeOwned(owned ? payload : ownedBytes(payload));
    } else if (failure instanceof ProtocolError) {
      this.#sendError(
        id,
        new RpcError(
          failure.status,
          `the answer of ${method} does not fit the client's limits: ${failure.message}`,
        ),
      );
    }
  }

  /**
   * Reads no new frames (so starts no new calls) while the output is backed up (the client reads
   * too slowly), and reads again once it drained. Answers that wait only for the client's credit
   * do not stop reading: the credit arrives among the frames (new requests are put aside then).
   */
  #checkBackpressure(): void {
    const output = this.#output;
    if (output.outputBackedUp) {
      if (!output.paused) output.pauseFrames();
    } else if (output.paused) {
      output.resumeFrames();
    }
  }

  /** After a half-close: closes the connection once every call is answered and sent. */
  #closeIfDone(): void {
    if (this.#peerEnded && !this.#closed && this.activeCalls === 0) {
      this.#output.close();
    }
  }

  #forget(call: ServerCall): void {
    if (call.timer !== 0) {
      this.#settings.timers.cancel(call.timer);
      call.timer = 0;
    }
    if (this.#calls.delete(call.id)) this.#settings.limiter?.release();
  }

  /** Sends an ERROR (cut to the client's limits by the encoder); never throws. */
  #sendError(id: number, error: RpcError): void {
    this.#output.writeFrames((encoder, out) => encoder.writeError(out, id, error));
    // Errors need no credit, but a peer that reads none of them must not pile them up either.
    if (this.#output.outputBackedUp) this.#checkBackpressure();
  }

  #cancel(id: number): void {
    const deferred = this.#deferred.remove(id);
    if (deferred !== undefined) {
      // Never started: nothing to stop and, the client having given up, nothing to answer.
      this.#output.release(deferred.retained);
      this.#closeIfDone();
      return;
    }
    const call = this.#calls.get(id);
    if (call === undefined) return;
    call.finished = true;
    this.#forget(call);
    this.#stop(
      call,
      new RpcError(Status.CANCELLED, `call ${call.method} was cancelled by the client`),
    );
    this.#closeIfDone();
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
    call.stream?.end(reason);
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
    this.#answers.clear();
    this.#deferred.clear();
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
