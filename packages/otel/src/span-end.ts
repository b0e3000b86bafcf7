import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { type CallEnd, Status, statusName } from '@yrpc/rpc';
import { RpcAttribute } from './rpc-attributes.js';

/** Ends `span` with the call's status: ERROR with the error's message for any status but OK. */
export function endSpan(span: Span, end: CallEnd): void {
  span.setAttribute(RpcAttribute.statusCode, end.status);
  span.setAttribute(RpcAttribute.responseStatusCode, statusName(end.status));
  if (end.status !== Status.OK) {
    span.setAttribute(RpcAttribute.errorType, statusName(end.status));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: end.error?.message ?? statusName(end.status),
    });
  }
  span.end();
}
