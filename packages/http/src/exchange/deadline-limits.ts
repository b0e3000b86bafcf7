/**
 * The longest delay Node's `setTimeout` takes (about 24.8 days); a longer one fires at once. The
 * timers that bound how long a request may take to arrive are clamped to it (the call's own
 * deadline, in the gateway, is not).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A client gives its call up at its deadline (an HTTP/2 RST_STREAM CANCEL, an aborted request),
 * usually before the server's own timer fires: its clock started first, by the time the request
 * took to reach the handler — tens of ms on a loaded machine (20 ms was too little in a CI run).
 * An abort this close to the deadline (ms) is taken for the deadline, so the handler's signal
 * says DEADLINE_EXCEEDED, as gRPC servers are encouraged to report (PROTOCOL-HTTP2, "Client
 * Cancellation"); a cancel this near the deadline reported as the deadline loses nothing.
 */
export const DEADLINE_SKEW_MS = 100;
