import { type Operation, ReceiveWindow, RpcError, Status } from '@yrpc/protocol';
import { awaited, valueOrEnd } from '../call/awaited.js';
import type { CallContext, Metadata } from '../call/call-context.js';
import type { CallEndListener } from '../call/call-end.js';
import { compressPayload } from '../compression/payload-compression.js';
import { type InboxInflate, type InboxOwner, MessageInbox } from '../flow/message-inbox.js';
import { encodeShared, heldCopy, releaseHeld } from '../flow/message-writer.js';
import { StreamCredit } from '../flow/stream-credit.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { ServerCall } from './server-call.js';

/** The promise of a message that went at once (one for all: nothing is allocated per message). */
const SENT: Promise<void> = Promise.resolve();

/** What a server stream needs of its session to put frames on the wire. */
export interface StreamOutput {
  /** Sends the RESPONSE that opens the response stream, with the headers set so far. */
  writeStreamHeaders(call: ServerCall): void;
  /**
   * Sends one STREAM_DATA whose stream credit was taken; `payload` may be a shared view (the
   * session copies what it keeps). Calls `written` once it is on its way (at once, or after
   * waiting for connection credit); returns whether it went at once. `compressed`: the payload
   * is gzip.
   */
  writeStreamData(
    call: ServerCall,
    payload: Uint8Array,
    written: () => void,
    compressed?: boolean,
  ): boolean;
  /** Gives back connection credit held for a consumed request message. */
  release(retained: number): void;
  /** Gives back stream credit to the client with a WINDOW_UPDATE on the call. */
  writeStreamWindow(call: ServerCall, increment: number): void;
}

/**
 * The streaming side of one server call: its request messages as they arrive (a
 * {@link MessageInbox} within the stream window granted to the client) and its response messages
 * going out within the client's stream credit. What a generator (coroutine) handler of a
 * streaming method receives: the call's context plus `receive()` and `send()` to `yield*` on; it
 * is also an AsyncIterable of the requests.
 */
export class ServerStream<Request = unknown, Response = unknown>
  implements CallContext, AsyncIterable<Request>, InboxOwner
{
  /** The call this stream belongs to. */
  readonly call: ServerCall;
  readonly #definition: MethodDefinition;
  readonly #output: StreamOutput;
  readonly #inbox: MessageInbox<Request> | undefined;
  readonly #credit: StreamCredit;
  readonly #receiveWindow: ReceiveWindow;
  /** Response messages of at least this many bytes are sent compressed (`Infinity`: none). */
  readonly #compressFrom: number;
  #headersSent = false;
  #sentBytes = 0;
  #failure: RpcError | undefined;
  /** The requests as server interceptors passed them on, when they wrapped them. */
  #requestSource: AsyncIterator<Request> | undefined;

  constructor(
    call: ServerCall,
    definition: MethodDefinition,
    output: StreamOutput,
    windows: {
      readonly clientStreamWindow: number;
      readonly streamWindow: number;
      readonly maxPayload: number;
      /**
       * Response messages of at least this many bytes go compressed (the client accepts gzip
       * and the server compresses); unset: none.
       */
      readonly compressFrom?: number;
    },
    decode: (bytes: Uint8Array) => Request,
    inflate?: InboxInflate,
  ) {
    this.#compressFrom = windows.compressFrom ?? Number.POSITIVE_INFINITY;
    this.call = call;
    this.#definition = definition;
    this.#output = output;
    this.#credit = new StreamCredit(windows.clientStreamWindow);
    this.#receiveWindow = new ReceiveWindow(windows.streamWindow, windows.maxPayload);
    this.#inbox = definition.requestStream ? new MessageInbox(decode, this, inflate) : undefined;
  }

  // ── CallContext ─────────────────────────────────────────────────────────

  get method(): CallContext['method'] {
    return this.call.method;
  }
  get peer(): string {
    return this.call.peer;
  }
  get metadata(): Metadata {
    return this.call.metadata;
  }
  get deadline(): number | undefined {
    return this.call.deadline;
  }
  get signal(): AbortSignal {
    return this.call.signal;
  }
  get cancelled(): boolean {
    return this.call.cancelled;
  }
  get idempotencyKey(): string | undefined {
    return this.call.idempotencyKey;
  }
  /** Sets a response header; sent with the first response message (or the end). */
  setHeader(key: string, value: string): void {
    this.call.setHeader(key, value);
  }
  /** Sets a trailer, sent with the status at the end of the call. */
  setTrailer(key: string, value: string): void {
    this.call.setTrailer(key, value);
  }

  /** Calls `listener` once the call is over; see {@link CallContext.onEnd}. */
  onEnd(listener: CallEndListener): void {
    this.call.onEnd(listener);
  }

  /** Whether the client sends a stream of requests (client streaming, bidi). */
  get requestStream(): boolean {
    return this.#definition.requestStream;
  }

  /** Whether the server answers with a stream (server streaming, bidi). */
  get responseStream(): boolean {
    return this.#definition.responseStream;
  }

  // ── requests ────────────────────────────────────────────────────────────

  /** The request messages (a request stream only). */
  get requests(): MessageInbox<Request> {
    if (this.#inbox === undefined) {
      throw new RpcError(Status.INTERNAL, `${this.call.method} has no request stream`);
    }
    return this.#inbox;
  }

  /** The next request message, `undefined` after the client's last one. */
  receive(): Operation<Request | undefined> {
    const source = this.#requestSource;
    if (source === undefined) return this.requests.receive();
    return awaited(() => source.next().then(valueOrEnd));
  }

  [Symbol.asyncIterator](): AsyncIterator<Request> {
    return this.#requestSource ?? this.requests;
  }

  /**
   * Reads the requests from `requests` from now on (the call's requests as server interceptors
   * wrapped them), so that a generator handler's `receive()` sees what the interceptors pass on.
   */
  receiveFrom(requests: AsyncIterable<Request>): void {
    if (requests === this.#inbox) return;
    this.#requestSource = requests[Symbol.asyncIterator]();
  }

  /**
   * A request message arrived (`retained`: connection credit held for it; `compressed`: it is
   * gzip, inflated when the handler takes it).
   */
  received(payload: Uint8Array, retained: number, compressed = false): void {
    this.#receiveWindow.receive(payload.length);
    if (this.#inbox === undefined) return;
    this.#inbox.push(payload, retained, compressed);
  }

  /** The client half-closed: no more request messages. */
  requestsEnded(): void {
    this.#inbox?.end();
  }

  /** Part of InboxOwner: credit of a consumed request message goes back. */
  consumed(bytes: number, retained: number): void {
    this.#output.release(retained);
    if (this.#failure !== undefined) return;
    const increment = this.#receiveWindow.release(bytes);
    if (increment > 0) this.#output.writeStreamWindow(this.call, increment);
  }

  /** Part of InboxOwner: a handler that stops reading requests does not end the call. */
  abandoned(): void {}

  // ── responses ───────────────────────────────────────────────────────────

  /**
   * Sends one response message, waiting for the client's stream credit and for the connection
   * to take it: a fast producer waits here. Throws the call's end (cancel, deadline, connection
   * lost) as an RpcError.
   */
  send(message: Response): Operation<void> {
    return awaited(() => this.sendAsync(message));
  }

  /** {@link send} for async code: resolves once the message is on its way. */
  sendAsync(message: Response): Promise<void> {
    return this.offer(message) ?? SENT;
  }

  /**
   * {@link sendAsync} without a promise for the usual case: `undefined` when the message went
   * at once, else a promise that settles as `sendAsync`'s would (what a pump awaits).
   */
  offer(message: Response): Promise<void> | undefined {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (!this.#definition.responseStream) {
      return Promise.reject(
        new RpcError(Status.INTERNAL, `${this.call.method} answers with one message, not a stream`),
      );
    }
    let payload: Uint8Array;
    try {
      payload = encodeShared(this.#definition.responseType, message);
    } catch (error) {
      return Promise.reject(
        new RpcError(
          Status.INTERNAL,
          `a response of ${this.call.method} does not encode as its response message: ${(error as Error).message}`,
          { cause: error },
        ),
      );
    }
    let compressed = false;
    if (payload.length >= this.#compressFrom) {
      // Before the credit is taken: credit counts the bytes as they travel.
      const gzipped = compressPayload(payload);
      if (gzipped !== undefined) {
        payload = gzipped;
        compressed = true;
      }
    }
    const length = payload.length;
    this.#sentBytes += length;
    const call = this.call;
    call.responseBytes += length;
    call.responseMessages++;
    if (this.#credit.tryTake(length)) return this.#write(payload, compressed);
    // The shared view would not survive the wait. Once written, the session copied the bytes
    // (into its output, or into its queue): the held copy is free again.
    const kept = heldCopy(payload);
    return this.#credit.take(length).then(
      () => {
        try {
          return this.#write(kept, compressed);
        } finally {
          releaseHeld(kept);
        }
      },
      (error: unknown) => {
        releaseHeld(kept);
        throw error;
      },
    );
  }

  /** Writes a message whose stream credit was taken; `undefined` when it went at once. */
  #write(payload: Uint8Array, compressed: boolean): Promise<void> | undefined {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    this.sendHeaders();
    let written = false;
    let wake: (() => void) | undefined;
    const now = this.#output.writeStreamData(
      this.call,
      payload,
      () => {
        written = true;
        wake?.();
      },
      compressed,
    );
    if (now || written) return undefined;
    return new Promise<void>((resolve) => {
      wake = resolve;
    });
  }

  /** Payload bytes of the response messages sent so far (waiting for credit included). */
  get sentBytes(): number {
    return this.#sentBytes;
  }

  /** Sends the RESPONSE that opens the response stream, once. */
  sendHeaders(): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    this.#output.writeStreamHeaders(this.call);
  }

  /** The client gave stream credit back. */
  grant(increment: number): void {
    this.#credit.grant(increment);
  }

  /** The call ended (cancel, deadline, connection lost, answered): nothing more moves. */
  end(reason: RpcError): void {
    if (this.#failure !== undefined) return;
    this.#failure = reason;
    this.#inbox?.fail(reason);
    this.#credit.fail(reason);
  }
}
