import type { RpcError, TransportCall, TransportCallSink } from '@yrpc/rpc';

/** A call that ended before it started: nothing to send, cancel or consume. */
const ENDED_CALL: TransportCall = {
  send: () => true,
  endRequests() {},
  cancel() {},
  consumed() {},
};

/**
 * A call a transport refuses at its start (closed client, a kind it cannot carry): `sink` hears
 * `error` on the next microtask, as the transport contract wants failures to come through it.
 */
export function refuseCall(sink: TransportCallSink, error: RpcError): TransportCall {
  queueMicrotask(() => sink.end(error, []));
  return ENDED_CALL;
}
