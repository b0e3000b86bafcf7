/**
 * The longest delay Node's `setTimeout` takes (about 24.8 days); a longer one fires at once. The
 * timers that bound how long a request may take to arrive are clamped to it (the call's own
 * deadline, in the gateway, is not).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A client gives its call up at its deadline (an HTTP/2 RST_STREAM CANCEL, an aborted request),
 * usually a moment before the server's own timer fires: its clock started first. An abort this
 * close to the deadline (ms) is taken for the deadline, so the handler's signal says
 * DEADLINE_EXCEEDED, as gRPC servers are encouraged to report (PROTOCOL-HTTP2, "Client
 * Cancellation").
 */
export const DEADLINE_SKEW_MS = 20;
