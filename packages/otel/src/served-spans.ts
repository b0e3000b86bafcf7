import type { Span } from '@opentelemetry/api';
import type { CallContext } from '@yrpc/rpc';

/**
 * The server span of each call being served, so that a call a handler makes is its child even
 * without an OpenTelemetry context manager: the client interceptor finds the served call through
 * `currentCallContext()` (which follows async handlers across their awaits).
 */
const spans = new WeakMap<CallContext, Span>();

export function setServedSpan(call: CallContext, span: Span): void {
  spans.set(call, span);
}

export function servedSpanOf(call: CallContext): Span | undefined {
  return spans.get(call);
}
