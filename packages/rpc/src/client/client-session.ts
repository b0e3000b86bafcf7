import {
  COMPRESSED_ENCODING,
  type Frame,
  type FramedConnection,
  FrameFlag,
  FrameType,
  isRpcError,
  type MetadataEntry,
  RequestIdAllocator,
  RpcError,
  Status,
  type TimerQueue,
  toRpcError,
} from '@yrpc/protocol';
import { CallTable } from '../call/call-table.js';
import { compressPayload } from '../compression/payload-compression.js';
import { debug, debugEnabled } from '../connection/debug-log.js';
import { FlowGate } from '../flow/flow-gate.js';
import type { FrameOutput } from '../flow/frame-output.js';
import { ownedBytes } from '../flow/message-writer.js';
import { writePayloadApart, writesApart } from '../flow/payload-placement.js';
import { PlainRequestMeta } from '../server/plain-request-meta.js';
import { wireMethodName } from '../service/method-path.js';
import { goAwayText, serverError } from './client-answer-meta.js';
import type { ClientCall } from './client-call.js';
import { clearDeadline } from './client-deadline.js';
import { ClientStreamCall } from './client-stream-call.js';
import { ClientStreamFrames } from './client-stream-frames.js';
import { settleUnaryAnswer } from './unary-answer.js';

/** What a client session says about itself in error messages, and its limits. */
export interface ClientSessionSettings {
  /** The server's address as people read it. */
  readonly address: string;
  readonly timers: TimerQueue;
}

/** The connection a client session writes to: the server's output, plus the encoder's limits. */
export type ClientOutput = FrameOutput & Pick<FramedConnection, 'encoder'>;

/** A request waiting for the server's credit or for backed-up output to drain. */
export interface PendingRequest {
  readonly call: ClientCall;
  readonly payload: Uint8Array;
  readonly metadata: readonly MetadataEntry[];
  /** A stream's later frames: a request message (`data`) or its half-close (`end`). */
  readonly part?: 'data' | 'end';
  /** Told once a stream's frame is written. */
  readonly written?: () => void;
  /** The payload is gzip: the frame carries COMPRESSED. */
  readonly compressed?: boolean;
}

/**
 * The client side of one connection: sends requests, matches responses and errors to calls by
 * request id, enforces deadlines through the TimerQueue, and sends CANCEL for calls the caller
 * gives up on. What a streaming call sends and receives after its REQUEST is left to
 * {@link ClientStreamFrames}, which shares the session's calls and its gate.
 */
export class ClientSession {
  readonly #settings: ClientSessionSettings;
  readonly #output: ClientOutput;
  readonly #requests: FlowGate<PendingRequest>;
  readonly #pending = new CallTable<ClientCall>();
  // Ids are in flight exactly while their call is pending: one record per call, not two.
  readonly #ids = new RequestIdAllocator({ inFlight: this.#pending });
  readonly #plainMeta = new PlainRequestMeta();
  readonly #streams: ClientStreamFrames;
  #closedBy: RpcError | undefined;
  #goAway: string | undefined;
  #peerAcceptsCompressed = false;
  /** Told when the server's GOAWAY arrives (the connector's connection events). */
  onGoAway: (() => void) | undefined;

  constructor(settings: ClientSessionSettings, output: ClientOutput) {
    this.#settings = settings;
    this.#output = output;
    this.#requests = new FlowGate(output, (request) => {
      const compressed = request.compressed === true;
      if (request.part === undefined) {
        this.#write(request.call, request.payload, request.metadata, true, compressed);
        return;
      }
      if (request.part === 'data') {
        this.#streams.writeData(request.call, request.payload, true, compressed);
      } else this.#streams.writeEnd(request.call);
      request.written?.();
    });
    this.#streams = new ClientStreamFrames({
      output,
      requests: this.#requests,
      peerAcceptsCompressed: () => this.#peerAcceptsCompressed,
      pending: this.#pending,
      take: (id) => this.#take(id),
      cancel: (call, error) => this.cancel(call, error),
      where: (call) => this.#where(call),
    });
  }

  /**
   * Adopts what the server announced in its handshake: the stream window it grants, and whether
   * it inflates gzip (requests may go compressed from now on).
   */
  peerAnnounced(handshake: {
    readonly peerStreamWindow: number;
    readonly peerAcceptEncoding?: readonly string[];
  }): void {
    this.#peerAcceptsCompressed =
      handshake.peerAcceptEncoding?.includes(COMPRESSED_ENCODING) === true;
    this.#streams.peerAnnounced(handshake.peerStreamWindow);
  }

  /**
   * Opens the streaming call `call`: its REQUEST now (or when the connection has room), then
   * its request messages as the caller sends them. `payload` is the one request of a
   * server-streaming call (a shared view), empty for a request stream.
   */
  open(call: ClientStreamCall, payload: Uint8Array, metadata: readonly MetadataEntry[]): void {
    this.send(call, payload, metadata);
    if (call.settled) return;
    this.#streams.opened(call);
  }

  /** Calls waiting for their answer (the ones still waiting to be sent included). */
  get pendingCalls(): number {
    return this.#pending.size;
  }

  /** Calls whose request waits for the server's credit or for the output to drain. */
  get waitingCalls(): number {
    return this.#requests.waiting;
  }

  /** Times a request or stream frame had to wait for credit or for backed-up output. */
  get stalls(): number {
    return this.#requests.stalls;
  }

  /** The connection can take more: sends the requests that wait, in order. */
  writable(): void {
    if (this.#closedBy === undefined) this.#requests.flush();
  }

  /** What the server's GOAWAY said, if it sent one. */
  get goAway(): string | undefined {
    return this.#goAway;
  }

  /** Whether the connection is gone (new calls must go to a new session). */
  get closed(): boolean {
    return this.#closedBy !== undefined;
  }

  /**
   * Sends `call` with its encoded request, or queues it until the connection has room (its
   * deadline keeps running); its answer settles it. `payload` may be a shared view, valid only
   * during this call: whatever is kept is copied.
   */
  send(call: ClientCall, payload: Uint8Array, metadata: readonly MetadataEntry[]): void {
    if (this.#closedBy !== undefined) {
      call.settle(this.#lost(call, this.#closedBy));
      return;
    }
    const id = this.#ids.allocate();
    call.id = id;
    this.#pending.set(id, call);
    call.owner = this;
    let compressed = false;
    if (payload.length >= call.compressFrom && this.#peerAcceptsCompressed) {
      // Before the credit is taken: credit counts the bytes as they travel.
      const gzipped = compressPayload(payload);
      if (gzipped !== undefined) {
        payload = gzipped;
        compressed = true;
      }
    }
    if (this.#requests.pass(payload.length)) {
      this.#write(call, payload, metadata, compressed, compressed);
      return;
    }
    const request: PendingRequest = compressed
      ? { call, payload, metadata, compressed }
      : { call, payload: ownedBytes(payload), metadata };
    this.#requests.queue(request);
    call.waiting = request;
  }

  /**
   * Writes a request whose credit was taken; `owned`: nobody else writes to `payload`;
   * `compressed`: it is gzip.
   */
  #write(
    call: ClientCall,
    payload: Uint8Array,
    metadata: readonly MetadataEntry[],
    owned: boolean,
    compressed = false,
  ): void {
    call.waiting = undefined;
    const id = call.id;
    // The budget left when the request leaves, so time spent connecting or waiting counts.
    const timeoutMs =
      call.deadlineAt === 0
        ? 0
        : Math.max(1, Math.ceil(call.deadlineAt - this.#settings.timers.now()));
    const idempotencyKey = call.idempotencyKey;
    const apart = writesApart(payload.length, owned);
    const plain = timeoutMs === 0 && metadata.length === 0 && idempotencyKey === undefined;
    // A request stream's REQUEST opens it: no message, no END_STREAM (PROTOCOL.md section 7).
    const flags =
      (call.method.requestStream ? 0 : FrameFlag.END_STREAM) |
      (compressed ? FrameFlag.COMPRESSED : 0);
    const output = this.#output;
    const failure = output.writeFrames((encoder, out) => {
      if (plain) {
        // The usual call: its meta block is the same every time, so it is encoded once.
        const meta = this.#plainMeta.of(call.method);
        if (apart) encoder.writeRequestHead(out, id, meta, payload.length, flags);
        else encoder.writeRaw(out, FrameType.REQUEST, flags, id, meta, payload);
        return;
      }
      const meta = {
        method: wireMethodName(call.method.path),
        timeoutMs,
        metadata,
        idempotencyKey: idempotencyKey ?? NO_PAYLOAD,
      };
      if (apart) encoder.writeRequestHead(out, id, meta, payload.length, flags);
      else encoder.writeRequest(out, id, meta, payload, flags);
    });
    if (failure === undefined) {
      call.sent = true;
      const info = call.info;
      if (info !== undefined && !call.method.requestStream) {
        info.requestBytes += payload.length;
        info.requestMessages++;
      }
      // The socket keeps what it is handed: a shared view is copied first.
      if (apart) writePayloadApart(output, payload, owned);
      return;
    }
    // Too large for the server's limits (a ProtocolError), or the connection just failed.
    this.#take(id);
    call.settle(
      new RpcError(
        toRpcError(failure).code,
        `${this.#where(call)}: request could not be sent: ${failure.message}`,
        { cause: failure },
      ),
    );
  }

  /** Handles a frame from the server. */
  handle(frame: Frame): void {
    switch (frame.type) {
      case FrameType.RESPONSE: {
        if (!frame.endStream) {
          this.#streams.headers(frame);
          return;
        }
        const call = this.#take(frame.id);
        if (call === undefined) return;
        settleUnaryAnswer(call, frame, this.#settings.address);
        return;
      }
      case FrameType.ERROR: {
        const call = this.#take(frame.id);
        if (call === undefined) return;
        // The responses of a stream that arrived before its ERROR are still delivered, first.
        if (call instanceof ClientStreamCall)
          call.settle(serverError(frame, this.#where(call)), undefined, true);
        else call.settle(serverError(frame, this.#where(call)));
        return;
      }
      case FrameType.STREAM_DATA:
        this.#streams.data(frame);
        return;
      case FrameType.STREAM_END:
        this.#streams.end(frame);
        return;
      case FrameType.WINDOW_UPDATE:
        this.#streams.windowUpdate(frame);
        return;
      case FrameType.PING:
        this.#output.writeFrames((encoder, out) => encoder.writePong(out, frame.id));
        return;
      case FrameType.GOAWAY:
        this.#goAway = goAwayText(frame);
        if (debugEnabled) {
          debug(
            `client connection ${this.#settings.address} GOAWAY received: last id ${frame.id}: ${this.#goAway}`,
          );
        }
        this.onGoAway?.();
        return;
      default:
        return;
    }
  }

  /** The caller gave up on `call`: it fails with `error` and the server is told to stop. */
  cancel(call: ClientCall, error: Error): void {
    if (call.settled) return;
    if (this.#pending.get(call.id) === call) {
      this.#take(call.id);
      const waiting = call.waiting;
      if (waiting !== undefined) {
        // Never sent: the server knows nothing of it.
        this.#requests.remove(waiting as PendingRequest);
        call.waiting = undefined;
      } else if (this.#closedBy === undefined) {
        const id = call.id;
        // A deadline says why (PROTOCOL.md: CANCEL may carry a StatusMeta), so that the server
        // ends the call as DEADLINE_EXCEEDED rather than CANCELLED.
        const reason =
          isRpcError(error) && error.code === Status.DEADLINE_EXCEEDED
            ? DEADLINE_REASON
            : undefined;
        this.#output.writeFrames((encoder, out) => encoder.writeCancel(out, id, reason));
      }
    }
    call.settle(error);
  }

  /** The call's deadline passed: it fails with DEADLINE_EXCEEDED and the server is told. */
  expire(call: ClientCall): void {
    call.timer = 0;
    this.cancel(
      call,
      new RpcError(
        Status.DEADLINE_EXCEEDED,
        call instanceof ClientStreamCall
          ? `${this.#where(call)}: deadline exceeded, the call did not end within ${call.timeoutMs} ms`
          : `${this.#where(call)}: deadline exceeded, no answer within ${call.timeoutMs} ms`,
      ),
    );
  }

  /**
   * The connection is gone, or the client gives up on it: every pending call fails with
   * `reason`. With `tellServer` (the client is closing an open connection), the server is sent a
   * CANCEL for each call it is running, so that it stops them rather than answer a client that
   * only half-closed.
   */
  close(reason: RpcError, tellServer = false): void {
    if (this.#closedBy !== undefined) return;
    this.#closedBy = reason;
    this.#requests.clear();
    if (tellServer) {
      const sent = this.#pending.values().filter((call) => call.sent);
      this.#output.writeFrames((encoder, out) => {
        for (const call of sent) encoder.writeCancel(out, call.id);
      });
    }
    const calls = this.#pending.values();
    this.#pending.clear();
    for (const call of calls) {
      clearDeadline(call, this.#settings.timers);
      call.settle(this.#lost(call, reason));
    }
  }

  /** `address` and method, for error messages. */
  #where(call: ClientCall): string {
    return `${call.method.path} on ${this.#settings.address}`;
  }

  #lost(call: ClientCall, reason: RpcError): RpcError {
    return new RpcError(reason.code, `${this.#where(call)}: ${reason.message}`, { cause: reason });
  }

  #take(id: number): ClientCall | undefined {
    const call = this.#pending.get(id);
    if (call === undefined) return undefined;
    this.#pending.delete(id);
    clearDeadline(call, this.#settings.timers);
    return call;
  }
}

const NO_PAYLOAD = new Uint8Array(0);

/** The reason a CANCEL sent for a call past its deadline carries. */
const DEADLINE_REASON = { code: Status.DEADLINE_EXCEEDED, message: 'deadline exceeded' };
