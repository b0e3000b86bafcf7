import { type Context, context as otelContext, SpanKind, trace } from '@opentelemetry/api';
import {
  type CallEndListener,
  type CallOptions,
  type ClientInterceptor,
  currentCallContext,
  parseOptions,
} from '@yrpc/rpc';
import { callTelemetry, startCall } from './call-telemetry.js';
import { metadataSetter } from './metadata-carrier.js';
import { MethodTelemetryTable } from './method-telemetry.js';
import { type OtelClientOptions, otelClientOptionsSchema } from './otel-options.js';
import { RpcAttribute } from './rpc-attributes.js';
import { servedSpanOf } from './served-spans.js';

/**
 * A client interceptor that traces and measures every call the client makes: a CLIENT span
 * `pkg.Service/Method`, child of the active span (or, inside a handler of a server traced by
 * {@link otelServerInterceptor}, of the served call's span, found through
 * `currentCallContext()` so no context manager is needed), whose trace context goes to the
 * server in the call's metadata (`traceparent`, `tracestate`); the span ends with the status the
 * caller sees, however the call ends (a streaming call when its stream does); and the
 * `rpc.client.*` metrics. Put it first among the client's interceptors.
 *
 * @example
 * const client = new Client(endpoint, { interceptors: [otelClientInterceptor()] });
 */
export function otelClientInterceptor(options: OtelClientOptions = {}): ClientInterceptor {
  const parsed = parseOptions(otelClientOptionsSchema, options, 'otelClientInterceptor');
  const telemetry = callTelemetry(parsed, 'client');
  const { tracer, propagator } = telemetry;
  const server: Record<string, string | number> = {};
  if (parsed.serverAddress !== undefined) server[RpcAttribute.serverAddress] = parsed.serverAddress;
  if (parsed.serverPort !== undefined) server[RpcAttribute.serverPort] = parsed.serverPort;
  const methods = new MethodTelemetryTable(server);

  return (request, callOptions, call, next) => {
    const method = methods.get(call.method.path);
    if (tracer === undefined) {
      const onEnd = startCall(telemetry, method, undefined);
      if (onEnd !== undefined) call.onEnd(onEnd);
      return next(request, callOptions);
    }
    const parent = parentContext();
    const span = tracer.startSpan(
      method.spanName,
      { kind: SpanKind.CLIENT, attributes: method.attributes },
      parent,
    );
    call.onEnd(startCall(telemetry, method, span) as CallEndListener);
    const active = trace.setSpan(parent, span);
    const carrier: Record<string, string> = {};
    propagator.inject(active, carrier, metadataSetter);
    return otelContext.with(active, next, undefined, request, withMetadata(callOptions, carrier));
  };
}

/**
 * The context a client span starts in: the active one when it holds a span (the application's,
 * with a context manager registered), else the served call's span when a handler makes the call.
 */
function parentContext(): Context {
  const active = otelContext.active();
  if (trace.getSpan(active) !== undefined) return active;
  const served = currentCallContext();
  const span = served === undefined ? undefined : servedSpanOf(served);
  return span === undefined ? active : trace.setSpan(active, span);
}

/** `options` with `carrier`'s entries added to its metadata (as they are when there are none). */
function withMetadata(options: CallOptions, carrier: Record<string, string>): CallOptions {
  for (const _key in carrier) {
    return { ...options, metadata: { ...options.metadata, ...carrier } };
  }
  return options;
}
