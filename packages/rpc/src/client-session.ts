import {
  ByteBuffer,
  DEFAULT_WINDOW,
  decodeGoAwayMeta,
  decodeResponseMeta,
  decodeStatusMeta,
  type Frame,
  FrameDecoder,
  type FramedConnection,
  FrameEncoder,
  FrameFlag,
  FrameType,
  type MetadataEntry,
  RequestIdAllocator,
  RpcError,
  Status,
  type StatusCode,
  statusName,
  type TimerQueue,
  toRpcError,
  windowIncrement,
} from '@yrpc/protocol';
import type { Metadata } from './call-context.js';
import type { ClientCall } from './client-call.js';
import { ClientStreamCall, type StreamCarrier } from './client-stream-call.js';
import { FlowGate } from './flow-gate.js';
import { ownedBytes } from './message-writer.js';
import type { MethodDefinition } from './method-definition.js';
import { wireMethodName } from './method-path.js';
import { ownedPayload } from './owned-payload.js';
import { writesApart } from './payload-placement.js';
import type { FrameOutput } from './server-session.js';

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
}

/**
 * The client side of one connection: sends requests, matches responses and errors to calls by
 * request id, enforces deadlines through the TimerQueue, and sends CANCEL for calls the caller
 * gives up on.
 */
export class ClientSession {
  readonly #settings: ClientSessionSettings;
  readonly #output: ClientOutput;
  readonly #requests: FlowGate<PendingRequest>;
  readonly #pending = new Map<number, ClientCall>();
  // Ids are in flight exactly while their call is pending: one record per call, not two.
  readonly #ids = new RequestIdAllocator({ inFlight: this.#pending });
  readonly #metaByMethod = new Map<MethodDefinition, Uint8Array>();
  #closedBy: RpcError | undefined;
  #goAway: string | undefined;
  /** The per-call window the server grants: what a request stream may have outstanding. */
  #peerStreamWindow = DEFAULT_WINDOW;

  constructor(settings: ClientSessionSettings, output: ClientOutput) {
    this.#settings = settings;
    this.#output = output;
    this.#requests = new FlowGate(output, (request) => {
      if (request.part === undefined) {
        this.#write(request.call, request.payload, request.metadata, true);
        return;
      }
      if (request.part === 'data') this.#writeData(request.call, request.payload, true);
      else this.#writeEnd(request.call);
      request.written?.();
    });
  }

  /** Adopts what the server announced in its handshake (the stream window it grants). */
  peerAnnounced(handshake: { readonly peerStreamWindow: number }): void {
    this.#peerStreamWindow = handshake.peerStreamWindow;
    for (const call of this.#pending.values()) {
      if (call instanceof ClientStreamCall) call.adoptWindow(this.#peerStreamWindow);
    }
  }

  /**
   * Opens the streaming call `call`: its REQUEST now (or when the connection has room), then
   * its request messages as the caller sends them. `payload` is the one request of a
   * server-streaming call (a shared view), empty for a request stream.
   */
  open(call: ClientStreamCall, payload: Uint8Array, metadata: readonly MetadataEntry[]): void {
    this.send(call, payload, metadata);
    if (call.settled) return;
    call.adoptWindow(this.#peerStreamWindow);
    call.opened(this.#carrier);
  }

  /** How the streams of this session put their frames on the wire. */
  readonly #carrier: StreamCarrier = {
    sendData: (call, payload, written) => {
      if (this.#requests.pass(payload.length)) {
        this.#writeData(call, payload, false);
        written();
        return true;
      }
      this.#requests.queue({
        call,
        payload: ownedBytes(payload),
        metadata: NO_ENTRIES,
        part: 'data',
        written,
      });
      return false;
    },
    sendEnd: (call) => {
      if (this.#requests.pass(0)) this.#writeEnd(call);
      else this.#requests.queue({ call, payload: NO_PAYLOAD, metadata: NO_ENTRIES, part: 'end' });
    },
    release: (retained) => this.#output.release(retained),
    sendWindow: (call, increment) => {
      if (this.#pending.get(call.id) === call) {
        this.#output.writeFrames((encoder, out) =>
          encoder.writeWindowUpdate(out, call.id, increment),
        );
      }
    },
    cancel: (call, error) => this.cancel(call, error),
  };

  /** Writes one STREAM_DATA of `call`; `owned`: nobody else writes to `payload`. */
  #writeData(call: ClientCall, payload: Uint8Array, owned: boolean): void {
    if (this.#pending.get(call.id) !== call) return;
    const id = call.id;
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

  /** Writes the half-close (STREAM_END) of `call`'s requests. */
  #writeEnd(call: ClientCall): void {
    if (this.#pending.get(call.id) !== call) return;
    const id = call.id;
    this.#output.writeFrames((encoder, out) => encoder.writeStreamEnd(out, id));
  }

  /** Calls waiting for their answer (the ones still waiting to be sent included). */
  get pendingCalls(): number {
    return this.#pending.size;
  }

  /** Calls whose request waits for the server's credit or for the output to drain. */
  get waitingCalls(): number {
    return this.#requests.waiting;
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
    if (this.#requests.pass(payload.length)) {
      this.#write(call, payload, metadata, false);
      return;
    }
    const request: PendingRequest = { call, payload: ownedBytes(payload), metadata };
    this.#requests.queue(request);
    call.waiting = request;
  }

  /** Writes a request whose credit was taken; `owned`: nobody else writes to `payload`. */
  #write(
    call: ClientCall,
    payload: Uint8Array,
    metadata: readonly MetadataEntry[],
    owned: boolean,
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
    const flags = call.method.requestStream ? 0 : FrameFlag.END_STREAM;
    const output = this.#output;
    const failure = output.writeFrames((encoder, out) => {
      if (plain) {
        // The usual call: its meta block is the same every time, so it is encoded once.
        const meta = this.#plainMeta(call.method);
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
      // The socket keeps what it is handed: a shared view is copied first.
      if (apart) output.writeOwned(owned ? payload : ownedBytes(payload));
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
          this.#streamHeaders(frame);
          return;
        }
        const call = this.#take(frame.id);
        if (call === undefined) return;
        let response: unknown;
        try {
          // A copy: the frame's bytes are reused by the next read, the response outlives it.
          response = call.method.responseType.decode(ownedPayload(frame));
        } catch (error) {
          call.settle(
            new RpcError(
              Status.INTERNAL,
              `${this.#where(call)}: response does not decode as its response message: ${(error as Error).message}`,
              { cause: error },
            ),
          );
          return;
        }
        if (call.onMetadata !== undefined && !this.#tellMetadata(call, frame)) return;
        call.settle(undefined, response);
        return;
      }
      case FrameType.ERROR: {
        const call = this.#take(frame.id);
        if (call === undefined) return;
        // The responses of a stream that arrived before its ERROR are still delivered, first.
        if (call instanceof ClientStreamCall)
          call.settle(this.#serverError(call, frame), undefined, true);
        else call.settle(this.#serverError(call, frame));
        return;
      }
      case FrameType.STREAM_DATA: {
        const call = this.#pending.get(frame.id);
        if (call instanceof ClientStreamCall && call.method.responseStream) {
          call.received(ownedPayload(frame), this.#output.retain());
        }
        return;
      }
      case FrameType.STREAM_END:
        this.#streamEnd(frame);
        return;
      case FrameType.WINDOW_UPDATE: {
        const call = this.#pending.get(frame.id);
        if (call instanceof ClientStreamCall) call.grant(windowIncrement(frame));
        return;
      }
      case FrameType.PING:
        this.#output.writeFrames((encoder, out) => encoder.writePong(out, frame.id));
        return;
      case FrameType.GOAWAY:
        this.#goAway = goAwayText(frame);
        return;
      default:
        return;
    }
  }

  /** The RESPONSE that opens a response stream: its headers. */
  #streamHeaders(frame: Frame): void {
    const call = this.#pending.get(frame.id);
    if (!(call instanceof ClientStreamCall) || call.headers !== undefined) return;
    try {
      const meta = decodeResponseMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      call.headers = toMetadata(meta.metadata);
    } catch (error) {
      this.cancel(
        call,
        new RpcError(
          Status.INTERNAL,
          `${this.#where(call)}: the server sent unreadable response headers: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      return;
    }
    call.onHeaders?.(call.headers);
  }

  /** The STREAM_END that closes a response stream: OK with trailers, or a failure. */
  #streamEnd(frame: Frame): void {
    const call = this.#pending.get(frame.id);
    if (!(call instanceof ClientStreamCall)) return;
    this.#take(frame.id);
    let code: number;
    let message: string;
    let trailers: readonly MetadataEntry[];
    try {
      const status = decodeStatusMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      code = status.code;
      message = status.message;
      trailers = status.trailers;
    } catch (error) {
      call.settle(
        new RpcError(
          Status.INTERNAL,
          `${this.#where(call)}: the server ended the stream with an unreadable status: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      return;
    }
    call.trailers = toMetadata(trailers);
    if (code === 0) {
      call.onMetadata?.(call.headers ?? NO_METADATA, call.trailers);
      call.settle(undefined);
      return;
    }
    const known = code >= 1 && code <= 16 ? (code as StatusCode) : Status.UNKNOWN;
    call.settle(
      new RpcError(known, `${this.#where(call)}: ${message || 'the server gave no message'}`, {
        metadata: trailers,
      }),
      undefined,
      true,
    );
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
        this.#output.writeFrames((encoder, out) => encoder.writeCancel(out, id));
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
      const sent = [...this.#pending.values()].filter((call) => call.sent);
      this.#output.writeFrames((encoder, out) => {
        for (const call of sent) encoder.writeCancel(out, call.id);
      });
    }
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of calls) {
      this.#clearTimer(call);
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

  #serverError(call: ClientCall, frame: Frame): RpcError {
    try {
      const status = decodeStatusMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      const code = status.code >= 1 && status.code <= 16 ? status.code : Status.UNKNOWN;
      return new RpcError(
        code as StatusCode,
        `${this.#where(call)}: ${status.message || 'the server gave no message'}`,
        { details: status.details, metadata: status.trailers },
      );
    } catch (error) {
      return new RpcError(
        Status.INTERNAL,
        `${this.#where(call)}: the server answered with an unreadable error: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /**
   * Hands the response's headers and trailers to the caller's listener; false (and the call
   * failed) when the meta block does not decode.
   */
  #tellMetadata(call: ClientCall, frame: Frame): boolean {
    let headers: Metadata;
    let trailers: Metadata;
    try {
      const meta = decodeResponseMeta(frame.bytes, frame.metaStart, frame.metaEnd);
      headers = toMetadata(meta.metadata);
      trailers = toMetadata(meta.trailers);
    } catch (error) {
      call.settle(
        new RpcError(
          Status.INTERNAL,
          `${this.#where(call)}: the server answered with unreadable response metadata: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      return false;
    }
    const listener = call.onMetadata;
    try {
      listener?.(headers, trailers);
    } catch (thrown) {
      // The caller's bug, reported like Node reports a throwing callback; the call still settles.
      queueMicrotask(() => {
        throw thrown;
      });
    }
    return true;
  }

  /** The encoded meta of a request to `method` without deadline or metadata. */
  #plainMeta(method: MethodDefinition): Uint8Array {
    let meta = this.#metaByMethod.get(method);
    if (meta === undefined) {
      meta = encodeRequestMeta(wireMethodName(method.path));
      this.#metaByMethod.set(method, meta);
    }
    return meta;
  }

  #take(id: number): ClientCall | undefined {
    const call = this.#pending.get(id);
    if (call === undefined) return undefined;
    this.#pending.delete(id);
    this.#clearTimer(call);
    return call;
  }

  #clearTimer(call: ClientCall): void {
    if (call.timer !== 0) {
      this.#settings.timers.cancel(call.timer);
      call.timer = 0;
    }
  }
}

/** Entries as a record; of a repeated key, the last value wins (as for request metadata). */
function toMetadata(entries: readonly MetadataEntry[]): Metadata {
  const metadata: Record<string, string> = {};
  for (const entry of entries) metadata[entry.key] = entry.value;
  return metadata;
}

function goAwayText(frame: Frame): string {
  try {
    const meta = decodeGoAwayMeta(frame.bytes, frame.metaStart, frame.metaEnd);
    return meta.code === 0
      ? `the server is going away${meta.message ? `: ${meta.message}` : ''}`
      : `the server closed the connection with ${statusName(meta.code)}${meta.message ? `: ${meta.message}` : ''}`;
  } catch {
    return 'the server closed the connection (unreadable GOAWAY)';
  }
}

/** The meta block protocol's encoder writes for a REQUEST to `method` (and nothing else). */
function encodeRequestMeta(method: string): Uint8Array {
  const scratch = new ByteBuffer();
  new FrameEncoder().writeRequest(scratch, 1, { method }, NO_PAYLOAD);
  const frame = new FrameDecoder().decode(scratch);
  if (frame === undefined) throw new Error('a REQUEST frame just encoded did not decode');
  return frame.meta.slice();
}

const NO_PAYLOAD = new Uint8Array(0);
const NO_ENTRIES: readonly MetadataEntry[] = [];
const NO_METADATA: Metadata = {};
