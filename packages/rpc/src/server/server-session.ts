import {
  COMPRESSED_ENCODING,
  decodeRequestMeta,
  decodeStatusMeta,
  type Frame,
  FrameFlag,
  FrameType,
  RpcError,
  Status,
  type StatusCode,
  type TimerQueue,
  windowIncrement,
} from '@yrpc/protocol';
import { CallTable } from '../call/call-table.js';
import type { CallCounters } from '../call/stats.js';
import { DeferredRequests } from '../client/deferred-requests.js';
import {
  compressionNotNegotiated,
  type EndpointCompression,
} from '../compression/payload-compression.js';
import type { FrameOutput } from '../flow/frame-output.js';
import { encodeShared } from '../flow/message-writer.js';
import { ownedPayload } from '../flow/owned-payload.js';
import type { MethodDefinition } from '../service/method-definition.js';
import { AnswerWriter } from './answer-writer.js';
import type { CallLimiter } from './call-limiter.js';
import { CallStarter } from './call-starter.js';
import { handlerFailure, unencodableResponse } from './handler-failure.js';
import type { ServerCall } from './server-call.js';
import type { ServiceRegistry } from './service-registry.js';

/** Named here too: the client session takes its connection's type from this file. */
export type { FrameOutput } from '../flow/frame-output.js';

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
  /** Calls started and finished, for the server's stats. */
  readonly counters: CallCounters;
  /**
   * What the server compresses and inflates (its handshake announces `acceptEncoding`); absent:
   * nothing either way, and a COMPRESSED request is refused.
   */
  readonly compression?: EndpointCompression | undefined;
}

/**
 * The server side of one connection: dispatches REQUEST frames to handlers, answers them, and
 * stops calls on CANCEL, on deadline and when the connection goes away.
 *
 * Plain handlers run inline (they finish before anything could stop them); async handlers are
 * awaited; generator handlers run as coroutines spawned in the connection's scope, so halting the
 * connection's coroutine halts them all (their `finally` blocks run).
 *
 * A {@link CallStarter} turns REQUEST frames into calls; this session keeps them in flight until
 * they end, and what goes back leaves through an {@link AnswerWriter}, within the client's credit.
 */
export class ServerSession {
  readonly peer: string;
  readonly #settings: SessionSettings;
  readonly #output: FrameOutput;
  readonly #calls = new CallTable<ServerCall>();
  readonly #writer: AnswerWriter;
  readonly #starter: CallStarter;
  readonly #deferred = new DeferredRequests();
  #closed = false;
  /** Close the connection once no call is left (the client half-closed, or the server drains). */
  #closeWhenIdle = false;

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
    this.#writer = new AnswerWriter(output);
    this.#starter = new CallStarter(peer, settings, this.#calls, this.#writer, {
      track: (call, timeoutMs) => this.#track(call, timeoutMs),
      spawn,
      respond: (call, definition, value) => this.#respond(call, definition, value),
      fail: (call, definition, error) =>
        this.#finish(call, handlerFailure(error, definition.path, settings.exposeErrorStack)),
      completeStream: (call) => this.#completeStream(call),
    });
  }

  /**
   * Adopts what the client announced in its handshake (the stream window it grants, the
   * encodings it inflates), answered by the server's own, which announced what it inflates.
   */
  peerAnnounced(handshake: {
    readonly peerStreamWindow: number;
    readonly peerAcceptEncoding?: readonly string[];
  }): void {
    this.#starter.peerStreamWindow = handshake.peerStreamWindow;
    const compression = this.#settings.compression;
    if (compression === undefined) return;
    this.#starter.acceptsCompressed = compression.acceptEncoding.includes(COMPRESSED_ENCODING);
    if (handshake.peerAcceptEncoding?.includes(COMPRESSED_ENCODING) === true) {
      this.#writer.compressFrom = compression.compressFrom;
    }
  }

  /** Calls in flight on this connection, requests put aside and answers not yet on the wire. */
  get activeCalls(): number {
    return this.#calls.size + this.#writer.waiting + this.#deferred.size;
  }

  /** Calls running on this connection now. */
  get callsInFlight(): number {
    return this.#calls.size;
  }

  /** Requests put aside now, waiting for the answers before them to leave. */
  get deferredRequests(): number {
    return this.#deferred.size;
  }

  /** Times this connection's output waited (see {@link AnswerWriter.stalls}). */
  get stalls(): number {
    return this.#writer.stalls;
  }

  /**
   * The connection can take more (credit came back, or output drained): sends the answers that
   * wait, and reads new frames again once nothing waits.
   */
  writable(): void {
    if (this.#closed) return;
    this.#writer.flush();
    // Requests put aside start in order, as long as their answers would not wait.
    while (this.#writer.waiting === 0 && !this.#closed) {
      const deferred = this.#deferred.take();
      if (deferred === undefined) break;
      const waited = this.#settings.timers.now() - deferred.receivedAt;
      this.#starter.start(deferred.frame, waited);
      this.#output.release(deferred.retained);
    }
    this.#writer.checkBackpressure();
  }

  /**
   * The client ended its side (a half-close): its calls in flight still get their answers, then
   * the connection closes.
   */
  peerEnded(): void {
    this.closeWhenDone();
  }

  /**
   * Closes the connection as soon as every call is answered and sent (at once when none runs):
   * for a drained connection after its final GOAWAY, when no new call can come.
   */
  closeWhenDone(): void {
    this.#closeWhenIdle = true;
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
        if (this.#writer.waiting > 0 || this.#deferred.size > 0) this.#defer(frame);
        else this.#starter.start(frame, 0);
        return;
      case FrameType.CANCEL:
        this.#cancel(frame.id, cancelStatus(frame));
        return;
      case FrameType.PING:
        this.#writer.writePong(frame.id);
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
      const compressed = (frame.flags & FrameFlag.COMPRESSED) !== 0;
      if (compressed && !this.#starter.acceptsCompressed) {
        const error = new RpcError(
          Status.INTERNAL,
          `a request message of ${call.method}: ${compressionNotNegotiated().message}`,
        );
        this.#finish(call, error);
        this.#stop(call, error);
        return;
      }
      call.requestBytes += frame.payloadLength;
      call.requestMessages++;
      stream.received(ownedPayload(frame), this.#output.retain(), compressed);
      if (!frame.endStream) return;
    }
    stream.requestsEnded();
  }

  #defer(frame: Frame): void {
    const limit = this.#settings.maxDeferredRequests;
    if (this.#deferred.size >= limit) {
      this.#writer.sendError(
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

  /** A response stream ended well: STREAM_END with status OK and the trailers. */
  #completeStream(call: ServerCall): void {
    if (call.finished) return;
    call.finished = true;
    this.#forget(call);
    const stream = call.stream;
    if (this.#closed || stream === undefined) return;
    stream.sendHeaders();
    this.#writer.writeStreamEnd(call);
    stream.end(new RpcError(Status.CANCELLED, `call ${call.method} has ended`));
    call.end(Status.OK, undefined);
    this.#settings.counters.callsFinished++;
    this.#writer.checkBackpressure();
    this.#closeIfDone();
  }

  #track(call: ServerCall, timeoutMs: number): void {
    this.#calls.set(call.id, call);
    this.#settings.limiter?.acquire();
    if (timeoutMs > 0) call.timer = this.#settings.timers.add(timeoutMs, expire, call);
    call.owner = this;
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

  /**
   * Sends the response bytes or the error of `call`, once, forgets the call and tells its end
   * listeners.
   */
  #finish(call: ServerCall, outcome: Uint8Array | RpcError): void {
    if (call.finished) return;
    call.finished = true;
    this.#forget(call);
    if (this.#closed) return;
    this.#writer.answer(call, outcome);
    if (outcome instanceof Uint8Array) {
      call.responseBytes += outcome.length;
      call.responseMessages++;
      call.end(Status.OK, undefined);
    } else {
      call.end(outcome.code, outcome);
    }
    this.#settings.counters.callsFinished++;
    this.#closeIfDone();
  }

  /** After a half-close or a drain: closes the connection once every call is answered and sent. */
  #closeIfDone(): void {
    if (this.#closeWhenIdle && !this.#closed && this.activeCalls === 0) {
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

  #cancel(id: number, status: StatusCode): void {
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
    const error =
      status === Status.DEADLINE_EXCEEDED
        ? new RpcError(status, `call ${call.method} exceeded the client's deadline`)
        : new RpcError(Status.CANCELLED, `call ${call.method} was cancelled by the client`);
    this.#stop(call, error);
    call.end(error.code, error);
    this.#settings.counters.callsFinished++;
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
      call.end(reason.code, reason);
    }
    this.#settings.limiter?.release(this.#calls.size);
    this.#settings.counters.callsFinished += this.#calls.size;
    this.#calls.clear();
    this.#writer.clear();
    this.#deferred.clear();
  }
}

function expire(call: ServerCall): void {
  call.owner?.expire(call);
}

/**
 * Why the client cancelled (PROTOCOL.md: a CANCEL may carry a StatusMeta): DEADLINE_EXCEEDED when
 * its deadline passed, CANCELLED otherwise, and for an empty or unreadable reason.
 */
function cancelStatus(frame: Frame): StatusCode {
  if (frame.metaEnd === frame.metaStart) return Status.CANCELLED;
  try {
    const reason = decodeStatusMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    return reason.code === Status.DEADLINE_EXCEEDED ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
  } catch {
    return Status.CANCELLED;
  }
}
