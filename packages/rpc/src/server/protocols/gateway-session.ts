import { type MetadataEntry, type Operation, RpcError, run, Status } from '@yrpc/protocol';
import { encodeShared } from '../../flow/message-writer.js';
import type { MethodDefinition } from '../../service/method-definition.js';
import {
  handlerFailure,
  undecodableRequest,
  unencodableResponse,
  unimplemented,
} from '../handler-failure.js';
import type { ServerCall } from '../server-call.js';
import type { SessionSettings } from '../server-session.js';
import { ServerStream } from '../server-stream.js';
import { type StreamHandler, startStreamHandler } from '../stream-handler.js';
import { startUnaryHandler, type UnaryHandlerEnd } from '../unary-handler.js';
import type {
  GatewayCall,
  GatewayCallInit,
  GatewayCallSink,
  GatewayConnection,
} from './call-gateway.js';
import { GatewayCallHandle, GatewayServerCall, sendHeaders } from './gateway-call.js';

const NO_ENTRIES: readonly MetadataEntry[] = [];
const EMPTY = new Uint8Array(0);
/**
 * The stream windows of a gateway call are the other protocol's business (HTTP/2 flow control,
 * its own pause at a bound): rpc's own windows are opened as wide as they go.
 */
const OPEN_WINDOW = 0x7fff_ffff;

/** A call that was refused before it started: nothing to drive. */
const REFUSED: GatewayCall = {
  receive() {},
  endRequests() {},
  cancel() {},
  unconsumedBytes: 0,
};

/**
 * The calls of one connection of another protocol (see {@link GatewayConnection}): what the
 * yrpc protocol's ServerSession does for REQUEST frames, for calls that come as protocol-neutral
 * starts and go back through a {@link GatewayCallSink}. The same handlers (by kind), interceptors,
 * deadline timers, call limits, counters and status codes.
 */
export class GatewaySession implements GatewayConnection, UnaryHandlerEnd {
  readonly #peer: string;
  readonly #settings: SessionSettings;
  readonly #calls = new Set<GatewayServerCall>();
  #nextId = 1;
  #closed = false;

  constructor(peer: string, settings: SessionSettings) {
    this.#peer = peer;
    this.#settings = settings;
  }

  get callsInFlight(): number {
    return this.#calls.size;
  }

  start(init: GatewayCallInit, sink: GatewayCallSink): GatewayCall {
    const settings = this.#settings;
    if (this.#closed) {
      return refuse(sink, new RpcError(Status.UNAVAILABLE, 'the connection is closing'));
    }
    const registered = settings.registry.lookup(init.path);
    if (registered?.handler === undefined) {
      return refuse(sink, unimplemented(init.path, registered !== undefined));
    }
    const definition = registered.definition;
    const refusal = settings.limiter?.refusal(this.#calls.size, definition.path);
    if (refusal !== undefined) return refuse(sink, refusal);
    let request: unknown;
    if (!definition.requestStream) {
      try {
        request = definition.requestType.decode(init.request ?? EMPTY);
      } catch (error) {
        return refuse(sink, undecodableRequest(definition.path, error));
      }
    }
    const call = new GatewayServerCall(this.#nextId++, definition, this.#peer, init, sink);
    settings.counters.callsStarted++;
    if (!definition.requestStream) {
      call.requestBytes = init.request?.length ?? 0;
      call.requestMessages = 1;
    }
    // Every gateway call is tracked from its start (the protocol may cancel any of them).
    this.#calls.add(call);
    settings.limiter?.acquire();
    if (init.timeoutMs > 0) call.timer = settings.timers.add(init.timeoutMs, expire, call);
    call.owner = this;
    if (definition.requestStream || definition.responseStream) {
      this.#startStream(
        call,
        registered.handler as StreamHandler,
        registered.kind,
        definition,
        request,
      );
    } else {
      startUnaryHandler(call, registered, request, init.timeoutMs, this);
    }
    return new GatewayCallHandle(call, this);
  }

  #startStream(
    call: GatewayServerCall,
    handler: StreamHandler,
    kind: Parameters<typeof startStreamHandler>[2],
    definition: MethodDefinition,
    request: unknown,
  ): void {
    const stream = new ServerStream(
      call,
      definition,
      call,
      {
        clientStreamWindow: OPEN_WINDOW,
        streamWindow: OPEN_WINDOW,
        maxPayload: this.#settings.maxPayload,
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
    startStreamHandler(stream, handler, kind, request, {
      respond: (value) => this.respond(call, definition, value),
      complete: () => this.#completeStream(call),
      fail: (error) => this.fail(call, definition, error),
      spawn: (operation) => {
        call.operation = operation;
        this.spawn(call);
      },
      get finished() {
        return call.finished;
      },
    });
  }

  // ── UnaryHandlerEnd (and the streams' ends) ───────────────────────────────

  /** Part of UnaryHandlerEnd: gateway calls are tracked from their start already. */
  track(): void {}

  /** Runs a coroutine handler's operation, on its own: halting it is how the call is stopped. */
  spawn(call: ServerCall): void {
    const operation = call.operation;
    if (call.finished || operation === undefined) return;
    const task = run((): Operation<void> => operation);
    call.task = task;
    // A halted handler's task settles with its halt; the call was answered by whoever halted.
    task.promise.then(undefined, () => {});
  }

  respond(call: ServerCall, definition: MethodDefinition, value: unknown): void {
    if (call.finished) return;
    let payload: Uint8Array;
    try {
      payload = encodeShared(definition.responseType, value);
    } catch (error) {
      this.#finish(call as GatewayServerCall, unencodableResponse(definition.path, error));
      return;
    }
    this.#finish(call as GatewayServerCall, payload);
  }

  fail(call: ServerCall, definition: MethodDefinition, error: unknown): void {
    this.#finish(
      call as GatewayServerCall,
      handlerFailure(error, definition.path, this.#settings.exposeErrorStack),
    );
  }

  // ── ends ──────────────────────────────────────────────────────────────────

  #finish(call: GatewayServerCall, outcome: Uint8Array | RpcError): void {
    if (call.finished) return;
    call.finished = true;
    this.#forget(call);
    if (this.#closed) return;
    sendHeaders(call);
    if (outcome instanceof Uint8Array) {
      call.responseBytes += outcome.length;
      call.responseMessages++;
      call.sink.message(outcome, noop);
      call.end(Status.OK, undefined);
      call.sink.end(undefined, call.trailers ?? NO_ENTRIES);
    } else {
      call.end(outcome.code, outcome);
      call.sink.end(outcome, call.trailers ?? NO_ENTRIES);
    }
    this.#settings.counters.callsFinished++;
  }

  #completeStream(call: GatewayServerCall): void {
    if (call.finished) return;
    call.finished = true;
    this.#forget(call);
    if (this.#closed) return;
    sendHeaders(call);
    call.sink.end(undefined, call.trailers ?? NO_ENTRIES);
    call.stream?.end(new RpcError(Status.CANCELLED, `call ${call.method} has ended`));
    call.end(Status.OK, undefined);
    this.#settings.counters.callsFinished++;
  }

  /** The deadline timer fired: answers DEADLINE_EXCEEDED and stops the handler. */
  expire(call: ServerCall): void {
    call.timer = 0;
    if (call.finished) return;
    const error = new RpcError(
      Status.DEADLINE_EXCEEDED,
      `call ${call.method} exceeded its deadline on the server`,
    );
    this.#finish(call as GatewayServerCall, error);
    stop(call, error);
  }

  /** The protocol gave the call up (its peer did): stopped, nothing is sent. */
  abandon(call: GatewayServerCall, deadline: boolean): void {
    if (call.finished) return;
    call.finished = true;
    this.#forget(call);
    const error = deadline
      ? new RpcError(Status.DEADLINE_EXCEEDED, `call ${call.method} exceeded the client's deadline`)
      : new RpcError(Status.CANCELLED, `call ${call.method} was cancelled by the client`);
    stop(call, error);
    call.end(error.code, error);
    this.#settings.counters.callsFinished++;
  }

  #forget(call: GatewayServerCall): void {
    if (call.timer !== 0) {
      this.#settings.timers.cancel(call.timer);
      call.timer = 0;
    }
    if (this.#calls.delete(call)) this.#settings.limiter?.release();
  }

  close(reason: RpcError): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const call of this.#calls) {
      call.finished = true;
      if (call.timer !== 0) this.#settings.timers.cancel(call.timer);
      stop(call, reason);
      call.end(reason.code, reason);
    }
    this.#settings.limiter?.release(this.#calls.size);
    this.#settings.counters.callsFinished += this.#calls.size;
    this.#calls.clear();
  }
}

function stop(call: ServerCall, reason: RpcError): void {
  call.cancel(reason);
  call.stream?.end(reason);
  call.task?.halt();
}

function refuse(sink: GatewayCallSink, error: RpcError): GatewayCall {
  sink.headers(NO_ENTRIES);
  sink.end(error, NO_ENTRIES);
  return REFUSED;
}

function expire(call: ServerCall): void {
  call.owner?.expire(call);
}

function noop(): void {}
