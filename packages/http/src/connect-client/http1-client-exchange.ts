import {
  type Agent,
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Status } from '@yrpc/rpc';
import type { HttpTarget } from '../http-client/http2-connection.js';
import { failureOfConnection, type StreamFailure } from '../http-client/stream-reset.js';
import type { ClientExchange, ClientExchangeEvents } from './client-exchange.js';

/**
 * A POST over HTTP/1.1 on a connection of `agent` (kept alive between calls). HTTP/1.1 is half
 * duplex as Node's client uses it: the response is read as it comes, but a server that answers
 * before the request's end is not something a call can rely on (hence no bidi over it).
 */
export function openHttp1Exchange(
  agent: Agent,
  target: HttpTarget,
  location: { readonly host: string; readonly port: number } | { readonly socketPath: string },
  path: string,
  headers: OutgoingHttpHeaders,
  events: ClientExchangeEvents,
): ClientExchange {
  const options = {
    agent,
    method: 'POST',
    path,
    headers: { ...headers, host: target.authority },
    ...location,
  };
  const req: ClientRequest = target.scheme === 'https' ? httpsRequest(options) : request(options);
  let closed = false;
  const close = (failure: StreamFailure | undefined) => {
    if (closed) return;
    closed = true;
    events.closed(failure);
  };
  let failure: StreamFailure | undefined;
  req.on('error', (error: Error) => {
    failure ??= failureOfConnection(error) ?? {
      code: Status.UNAVAILABLE,
      message: `the connection failed: ${error.message}`,
    };
    close(failure);
  });
  let response: IncomingMessage | undefined;
  let paused = false;
  req.on('response', (res) => {
    response = res;
    if (paused) res.pause();
    events.response(res.statusCode ?? 0, res.headers);
    let ended = false;
    res.on('data', (chunk: Buffer) => events.data(chunk));
    res.once('end', () => {
      ended = true;
    });
    res.on('error', (error: Error) => {
      failure ??= failureOfConnection(error);
    });
    res.once('close', () =>
      close(
        ended
          ? undefined
          : (failure ?? {
              code: Status.UNAVAILABLE,
              message: 'the connection closed before the response ended',
            }),
      ),
    );
  });
  return {
    write(chunk, drained) {
      if (req.write(chunk)) return true;
      req.once('drain', drained);
      return false;
    },
    end(chunk) {
      if (chunk === undefined) req.end();
      else req.end(chunk);
    },
    get requestClosed() {
      return req.destroyed || req.writableEnded;
    },
    pause() {
      paused = true;
      response?.pause();
    },
    resume() {
      paused = false;
      response?.resume();
    },
    cancel() {
      // The connection goes with the request: HTTP/1.1 has no other way to stop one.
      req.destroy();
    },
  };
}
