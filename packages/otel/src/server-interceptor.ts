import {
  context as otelContext,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { type CallEndListener, parseOptions, type ServerInterceptor } from '@yrpc/rpc';
import { callTelemetry, startCall } from './call-telemetry.js';
import { isAsyncIterable, withMessageEvents } from './message-events.js';
import { metadataGetter } from './metadata-carrier.js';
import { MethodTelemetryTable } from './method-telemetry.js';
import { type OtelServerOptions, otelServerOptionsSchema } from './otel-options.js';
import { parsePeer } from './peer-address.js';
import { RpcAttribute } from './rpc-attributes.js';
import { setServedSpan } from './served-spans.js';

/**
 * A server interceptor that traces and measures every call the server serves: a SERVER span
 * `pkg.Service/Method`, child of the caller's span when the call's metadata carries its trace
 * context, active while the handler runs (calls the handler makes are its children), ended
 * with the call's final status however the call ends (answered, failed, cancelled, past its
 * deadline, connection lost); `message` events for the messages of streams; and the
 * `rpc.server.*` metrics. Put it first among the server's interceptors so that it sees the
 * others' refusals too.
 *
 * @example
 * const server = new Server({ interceptors: [otelServerInterceptor()] });
 */
export function otelServerInterceptor(options: OtelServerOptions = {}): ServerInterceptor {
  const parsed = parseOptions(otelServerOptionsSchema, options, 'otelServerInterceptor');
  const telemetry = callTelemetry(parsed, 'server');
  const { tracer, propagator } = telemetry;
  const messageEvents = parsed.messageEvents;
  const methods = new MethodTelemetryTable();

  return (request, context, next) => {
    const method = methods.get(context.method);
    if (tracer === undefined) {
      const onEnd = startCall(telemetry, method, undefined);
      if (onEnd !== undefined) context.onEnd(onEnd);
      return next(request);
    }
    const parent = propagator.extract(ROOT_CONTEXT, context.metadata, metadataGetter);
    const span = tracer.startSpan(
      method.spanName,
      { kind: SpanKind.SERVER, attributes: method.attributes },
      parent,
    );
    if (span.isRecording()) {
      const peer = parsePeer(context.peer);
      span.setAttribute(RpcAttribute.networkPeerAddress, peer.address);
      if (peer.port !== undefined) span.setAttribute(RpcAttribute.networkPeerPort, peer.port);
    }
    setServedSpan(context, span);
    context.onEnd(startCall(telemetry, method, span) as CallEndListener);

    const events = messageEvents && span.isRecording();
    const input =
      events && isAsyncIterable(request) ? withMessageEvents(request, span, 'RECEIVED') : request;
    const result = otelContext.with(trace.setSpan(parent, span), next, undefined, input);
    return events ? result.then((output) => sentWithEvents(output, span)) : result;
  };
}

/** A response stream with a SENT event per message; anything else as it is. */
function sentWithEvents(output: unknown, span: Span): unknown {
  return isAsyncIterable(output) ? withMessageEvents(output, span, 'SENT') : output;
}
