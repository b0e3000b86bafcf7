import type { ClientInterceptor } from '@yrpc/rpc';
import type { EchoClientFactory } from '../echo-target.js';
import { yrpcEchoClient } from './yrpc-client.js';

/**
 * Calls the no-op client interceptor of this process passed on, for tests to prove that the
 * target's client runs it (one increment per call: nothing next to the µs a call costs).
 */
export const clientInterceptorCalls = { passed: 0 };

/** Passes every call on unchanged: the same request and options, the same outcome. */
export const noopClientInterceptor: ClientInterceptor = (request, options, _call, next) => {
  clientInterceptorCalls.passed++;
  return next(request, options);
};

/** The yrpc echo client (same code path) created with one no-op client interceptor. */
export const connectEchoClient: EchoClientFactory = yrpcEchoClient({
  interceptors: [noopClientInterceptor],
});
