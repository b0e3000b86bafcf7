import { RpcError, Status, type TimerQueue } from '@yrpc/protocol';
import type { Metadata } from '../call/call-context.js';
import { currentCallContext } from '../call/call-scope.js';
import { DEFAULT_COMPRESSION_THRESHOLD } from '../compression/compression-encoding.js';
import { compressFrom } from '../compression/payload-compression.js';
import { encodeShared } from '../flow/message-writer.js';
import { parseOptions } from '../invalid-option-error.js';
import { type CallOptions, callOptionsSchema } from './call-options.js';
import type { ClientCall } from './client-call.js';
import { armDeadline, clearDeadline } from './client-deadline.js';

/** What the client lends every call it sets up. */
export interface CallDefaults {
  /** The server's address as it appears in error messages. */
  readonly address: string;
  readonly timers: TimerQueue;
  /** The client's `defaultTimeoutMs`, for calls that give no `timeoutMs`. */
  readonly defaultTimeoutMs: number | undefined;
  /** From the client's `compression`: requests of at least this many bytes go compressed. */
  readonly compressFrom?: number;
  /** The client's `compressionThreshold`, for calls that ask for gzip themselves. */
  readonly compressionThreshold?: number;
}

const NO_BYTES = new Uint8Array(0);
const textEncoder = new TextEncoder();

/**
 * Readies `call` to be sent with `request` and `options`: checks the options, encodes the
 * request, and arms the deadline and the abort listener, both taken from the served call too
 * when a handler makes the call (the earlier deadline wins; either signal cancels). Returns the
 * encoded request, a view into a writer shared by every call that is valid until the next
 * encode; `undefined` when the call already failed (and was settled) instead.
 */
export function prepareCall(
  call: ClientCall,
  request: unknown,
  options: CallOptions | undefined,
  defaults: CallDefaults,
): Uint8Array | undefined {
  const method = call.method;
  if (options !== undefined && !plausibleCallOptions(options)) {
    try {
      parseOptions(callOptionsSchema, options, `call of ${method.path}`);
    } catch (error) {
      call.settle(error as Error);
      return undefined;
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
        `${method.path} on ${defaults.address}: request does not encode as its request message: ${(error as Error).message}`,
        { cause: error },
      ),
    );
    return undefined;
  }
  let timeoutMs = options?.timeoutMs ?? defaults.defaultTimeoutMs;
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
          `${method.path} on ${defaults.address}: deadline already passed before the call started`,
        ),
      );
      return undefined;
    }
    armDeadline(call, timeoutMs, defaults.timers);
  }
  const signal = inheritedSignal(options?.signal, parent?.signal);
  if (signal !== undefined) {
    if (signal.aborted) {
      clearDeadline(call, defaults.timers);
      call.settle(cancelledError(call, defaults.address, describeReason(signal.reason)));
      return undefined;
    }
    call.signal = signal;
    call.onAbort = () =>
      call.owner?.cancel(
        call,
        cancelledError(call, defaults.address, describeReason(signal.reason)),
      );
    signal.addEventListener('abort', call.onAbort, { once: true });
  }
  if (options?.idempotencyKey !== undefined) {
    call.idempotencyKey = textEncoder.encode(options.idempotencyKey);
  }
  if (options?.onMetadata !== undefined) call.onMetadata = options.onMetadata;
  const compression = options?.compression;
  if (compression === undefined) {
    if (defaults.compressFrom !== undefined) call.compressFrom = defaults.compressFrom;
  } else {
    call.compressFrom = compressFrom(
      compression,
      defaults.compressionThreshold ?? DEFAULT_COMPRESSION_THRESHOLD,
    );
  }
  return payload;
}

/** The error a call cancelled on the client fails with; `why` says who gave it up. */
export function cancelledError(call: ClientCall, address: string, why: string): RpcError {
  return new RpcError(Status.CANCELLED, `${call.method.path} on ${address}: cancelled, ${why}`);
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
      key !== 'onMetadata' &&
      key !== 'compression'
    ) {
      // An idempotency key is rare and its byte length takes a parse to check.
      return false;
    }
  }
  const { timeoutMs, deadline, signal, metadata, onMetadata, compression } = options;
  return (
    (compression === undefined || compression === 'gzip' || compression === 'identity') &&
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
