import type { ServerInterceptor } from '@yrpc/rpc';
import type { EchoServerFactory } from '../echo-target.js';
import { yrpcEchoServer } from './yrpc-server.js';

/**
 * Calls the no-op server interceptor of this process passed on, for tests to prove that the
 * target's server runs it (one increment per call: nothing next to the µs a call costs).
 */
export const serverInterceptorCalls = { passed: 0 };

/** Passes every call on unchanged: the same request, the call's own context, the same outcome. */
export const noopServerInterceptor: ServerInterceptor = (request, _context, next) => {
  serverInterceptorCalls.passed++;
  return next(request);
};

/** The yrpc echo server (same code path) created with one no-op server interceptor. */
export const startEchoServer: EchoServerFactory = yrpcEchoServer({
  interceptors: [noopServerInterceptor],
});
