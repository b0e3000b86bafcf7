import { FrameFlag, type MetadataEntry, ProtocolError, RpcError } from '@yrpc/protocol';
import { compressPayload } from '../compression/payload-compression.js';
import { FlowGate } from '../flow/flow-gate.js';
import type { FrameOutput } from '../flow/frame-output.js';
import { ownedBytes } from '../flow/message-writer.js';
import { writePayloadApart, writeStreamDataFrame, writesApart } from '../flow/payload-placement.js';
import type { ServerCall } from './server-call.js';
import type { StreamOutput } from './server-stream.js';

/** An answer waiting for the client's credit or for backed-up output to drain. */
interface PendingAnswer {
  readonly id: number;
  readonly payload: Uint8Array;
  readonly headers: MetadataEntry[] | undefined;
  readonly trailers: MetadataEntry[] | undefined;
  readonly method: string;
  /** For a stream message (STREAM_DATA): told once it is written. */
  readonly written?: (() => void) | undefined;
  /** The payload is gzip: the frame carries COMPRESSED. */
  readonly compressed: boolean;
}

const NO_ENTRIES: readonly MetadataEntry[] = [];
const NO_BYTES = new Uint8Array(0);
const COMPRESSED_END = FrameFlag.END_STREAM | FrameFlag.COMPRESSED;

/**
 * What the server side of one connection writes back: answers (RESPONSE, ERROR), the frames of
 * its streams, PONGs. Answers and stream messages leave through one {@link FlowGate}, in order,
 * so that they wait for the client's credit and for backed-up output instead of failing; and
 * while the output is backed up, frame delivery is paused so that the client's requests cannot
 * pile up answers faster than it reads them. What the streams of this connection write through.
 */
export class AnswerWriter implements StreamOutput {
  readonly #output: FrameOutput;
  readonly #answers: FlowGate<PendingAnswer>;
  /** Times frame delivery was paused for backed-up output. */
  #pauses = 0;
  /**
   * Answers and stream messages of at least this many bytes leave compressed: `Infinity` until
   * the client accepts gzip and when the server does not compress (PROTOCOL.md section 4).
   */
  compressFrom = Number.POSITIVE_INFINITY;

  /** Writes to `output`, within its credit. */
  constructor(output: FrameOutput) {
    this.#output = output;
    this.#answers = new FlowGate(output, (answer) => {
      if (answer.written === undefined) {
        this.#writeAnswer(
          answer.id,
          answer.payload,
          answer.headers,
          answer.trailers,
          answer.method,
          true,
          answer.compressed,
        );
        return;
      }
      this.#writeData(answer.id, answer.payload, true, answer.compressed);
      answer.written();
    });
  }

  /** Answers and stream messages not yet on the wire: they wait for credit or for the output. */
  get waiting(): number {
    return this.#answers.waiting;
  }

  /** Times output waited: answers queued for credit, or reading paused for backed-up output. */
  get stalls(): number {
    return this.#answers.stalls + this.#pauses;
  }

  /** Sends the answers that wait and fit now, in order (credit came back, or output drained). */
  flush(): void {
    this.#answers.flush();
  }

  /** Forgets the answers that wait: the connection is gone, nothing more is sent. */
  clear(): void {
    this.#answers.clear();
  }

  /** Sends the response bytes or the error of `call`, which is over. */
  answer(call: ServerCall, outcome: Uint8Array | RpcError): void {
    const { headers, trailers } = call;
    if (outcome instanceof Uint8Array) {
      let payload = outcome;
      let compressed = false;
      if (payload.length >= this.compressFrom) {
        const gzipped = compressPayload(payload);
        if (gzipped !== undefined) {
          payload = gzipped;
          compressed = true;
        }
      }
      // Waits for the client's credit (and for backed-up output) rather than failing.
      if (this.#answers.pass(payload.length)) {
        this.#writeAnswer(call.id, payload, headers, trailers, call.method, compressed, compressed);
      } else {
        this.#answers.queue({
          id: call.id,
          payload: compressed ? payload : ownedBytes(payload),
          headers,
          trailers,
          method: call.method,
          compressed,
        });
      }
    } else if (headers === undefined && trailers === undefined) {
      this.sendError(call.id, outcome);
    } else {
      // An ERROR frame has trailers only: what the handler set travels there, after the error's own.
      this.sendError(
        call.id,
        new RpcError(outcome.code, outcome.message, {
          details: outcome.details,
          metadata: [...outcome.metadata, ...(headers ?? NO_ENTRIES), ...(trailers ?? NO_ENTRIES)],
        }),
      );
    }
    this.checkBackpressure();
  }

  /** Sends an ERROR (cut to the client's limits by the encoder); never throws. */
  sendError(id: number, error: RpcError): void {
    this.#output.writeFrames((encoder, out) => encoder.writeError(out, id, error));
    // Errors need no credit, but a peer that reads none of them must not pile them up either.
    if (this.#output.outputBackedUp) this.checkBackpressure();
  }

  /** Answers a PING. */
  writePong(id: number): void {
    this.#output.writeFrames((encoder, out) => encoder.writePong(out, id));
  }

  /** Sends the RESPONSE that opens a response stream, with the headers set so far. */
  writeStreamHeaders(call: ServerCall): void {
    if (call.finished && call.stream === undefined) return;
    const headers = call.headers ?? NO_ENTRIES;
    // Later headers cannot be sent any more: the RESPONSE carrying them is gone.
    call.headersSent = true;
    this.#output.writeFrames((encoder, out) =>
      encoder.writeResponse(out, call.id, NO_BYTES, { metadata: headers }, 0),
    );
  }

  /** A stream message whose stream credit was taken: now, or after the connection credit. */
  writeStreamData(
    call: ServerCall,
    payload: Uint8Array,
    written: () => void,
    compressed = false,
  ): boolean {
    if (this.#answers.pass(payload.length)) {
      this.#writeData(call.id, payload, false, compressed);
      return true;
    }
    this.#answers.queue({
      id: call.id,
      payload: ownedBytes(payload),
      headers: undefined,
      trailers: undefined,
      method: call.method,
      written,
      compressed,
    });
    this.checkBackpressure();
    return false;
  }

  /** Ends a response stream that ended well: STREAM_END with status OK and the trailers. */
  writeStreamEnd(call: ServerCall): void {
    const trailers = call.trailers ?? NO_ENTRIES;
    this.#output.writeFrames((encoder, out) =>
      encoder.writeStreamEnd(out, call.id, { code: 0, trailers }),
    );
  }

  /** Gives the client stream credit back, while the call is still on. */
  writeStreamWindow(call: ServerCall, increment: number): void {
    if (!call.finished) {
      this.#output.writeFrames((encoder, out) =>
        encoder.writeWindowUpdate(out, call.id, increment),
      );
    }
  }

  /** Gives back connection credit held for a consumed request message. */
  release(retained: number): void {
    this.#output.release(retained);
  }

  /**
   * Reads no new frames (so starts no new calls) while the output is backed up (the client reads
   * too slowly), and reads again once it drained. Answers that wait only for the client's credit
   * do not stop reading: the credit arrives among the frames (new requests are put aside then).
   */
  checkBackpressure(): void {
    const output = this.#output;
    if (output.outputBackedUp) {
      if (!output.paused) {
        output.pauseFrames();
        this.#pauses++;
      }
    } else if (output.paused) {
      output.resumeFrames();
    }
  }

  /** Writes one STREAM_DATA; `owned`: nobody else writes to `payload`. */
  #writeData(id: number, payload: Uint8Array, owned: boolean, compressed: boolean): void {
    writeStreamDataFrame(this.#output, id, payload, owned, compressed);
  }

  /** Writes an answer whose credit was taken; one the client's limits refuse becomes an ERROR. */
  #writeAnswer(
    id: number,
    payload: Uint8Array,
    headers: MetadataEntry[] | undefined,
    trailers: MetadataEntry[] | undefined,
    method: string,
    owned: boolean,
    compressed: boolean,
  ): void {
    // No meta object at all when the handler set nothing: the usual answer stays as cheap.
    const meta =
      headers === undefined && trailers === undefined
        ? undefined
        : { metadata: headers ?? NO_ENTRIES, trailers: trailers ?? NO_ENTRIES };
    const output = this.#output;
    const apart = writesApart(payload.length, owned);
    const flags = compressed ? COMPRESSED_END : FrameFlag.END_STREAM;
    const failure = output.writeFrames((encoder, out) => {
      if (apart) encoder.writeResponseHead(out, id, payload.length, meta, flags);
      else encoder.writeResponse(out, id, payload, meta, flags);
    });
    if (failure === undefined) {
      // The socket keeps what it is handed: a shared view is copied first.
      if (apart) writePayloadApart(output, payload, owned);
    } else if (failure instanceof ProtocolError) {
      this.sendError(
        id,
        new RpcError(
          failure.status,
          `the answer of ${method} does not fit the client's limits: ${failure.message}`,
        ),
      );
    }
  }
}
