import {
  type Context,
  createTraceState,
  isSpanContextValid,
  propagation,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';

/** version-traceid-parentid-flags, the version's own fields only for version 00. */
const TRACEPARENT_PATTERN =
  /^\s*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\s]*)?\s*$/;

/**
 * The W3C Trace Context format (`traceparent`, `tracestate`), the same as
 * `W3CTraceContextPropagator` of `@opentelemetry/core`, written here so that this package needs
 * nothing of the SDK.
 */
export class TraceContextPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext === undefined || !isSpanContextValid(spanContext)) return;
    const flags = (spanContext.traceFlags & TraceFlags.SAMPLED) === 0 ? '00' : '01';
    setter.set(carrier, TRACEPARENT, `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`);
    const traceState = spanContext.traceState?.serialize();
    if (traceState) setter.set(carrier, TRACESTATE, traceState);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const header = single(getter.get(carrier, TRACEPARENT));
    if (header === undefined) return context;
    const match = TRACEPARENT_PATTERN.exec(header);
    if (match === null) return context;
    const [, version, traceId = '', spanId = '', flags = '', rest] = match;
    // Version ff is invalid; version 00 has exactly four fields.
    if (version === 'ff' || (version === '00' && rest !== undefined)) return context;
    const state = single(getter.get(carrier, TRACESTATE));
    const spanContext: SpanContext = {
      traceId,
      spanId,
      traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
      isRemote: true,
    };
    if (state !== undefined) spanContext.traceState = createTraceState(state);
    if (!isSpanContextValid(spanContext)) return context;
    return trace.setSpanContext(context, spanContext);
  }

  fields(): string[] {
    return [TRACEPARENT, TRACESTATE];
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') || undefined : value;
}

const traceContext = new TraceContextPropagator();

/**
 * The default propagator: the global one (`propagation.setGlobalPropagator`, which the Node SDK
 * sets) once one is registered, W3C Trace Context until then, so calls carry `traceparent` with
 * no setup beyond a tracer provider. Asked on every call, so a propagator registered later counts.
 */
export const defaultPropagator: TextMapPropagator = {
  inject(context, carrier, setter) {
    if (propagation.fields().length > 0) propagation.inject(context, carrier, setter);
    else traceContext.inject(context, carrier, setter);
  },
  extract(context, carrier, getter) {
    return propagation.fields().length > 0
      ? propagation.extract(context, carrier, getter)
      : traceContext.extract(context, carrier, getter);
  },
  fields() {
    const fields = propagation.fields();
    return fields.length > 0 ? fields : traceContext.fields();
  },
};
