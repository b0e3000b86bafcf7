import { RpcError, Status } from '@yrpc/protocol';
import { type ClientInterceptor, InterceptedCall, interceptCall } from '../call/interceptor.js';
import type { MethodDefinition } from '../service/method-definition.js';
import type { CallOptions } from './call-options.js';
import { ClientCall, type SettleTarget } from './client-call.js';
import { ClientStream } from './client-stream.js';
import { ClientStreamCall } from './client-stream-call.js';

/** What opening a streaming call needs of the client. */
export interface StreamStart {
  /** The client's interceptors, the first one outermost. */
  readonly interceptors: readonly ClientInterceptor[];
  /** The stream window the client grants each call for its responses. */
  readonly streamWindow: number;
  /** Starts `call` with `request` and `options`: sends it, or fails it (settled). */
  begin(call: ClientCall, request: unknown, options: CallOptions | undefined): void;
}

/**
 * Starts a streaming call of `method` (through the interceptors, if any) and returns it: its
 * request (server streaming) is sent at once; request messages follow through the stream.
 * `target` is told the outcome (the response, for client streaming).
 */
export function openStream(
  client: StreamStart,
  method: MethodDefinition,
  request: unknown,
  options: CallOptions | undefined,
  target: SettleTarget,
): ClientStream {
  if (client.interceptors.length === 0) {
    const call = new ClientStreamCall(method, client.streamWindow, target);
    const stream = new ClientStream(call);
    client.begin(call, request, options);
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
  const call = new ClientStreamCall(method, client.streamWindow, callTarget);
  // A stream's end is its call's: told when the call settles (ClientStreamCall.settle).
  call.info = new InterceptedCall(method);
  const stream = new ClientStream(call);
  const outcome = interceptCall(
    client.interceptors,
    call.info,
    request,
    options ?? {},
    (last, lastOptions) => {
      client.begin(call, last, lastOptions);
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

function noop(): void {}
