import type { OutgoingHttpHeaders } from 'node:http';
import { type ClientHttp2Session, constants } from 'node:http2';
import type { HttpTarget } from '../http-client/http2-connection.js';
import {
  failureOfConnection,
  failureOfReset,
  type StreamFailure,
} from '../http-client/stream-reset.js';
import type { ClientExchange, ClientExchangeEvents } from './client-exchange.js';

/**
 * A POST on a new stream of `session`. `finished` is told once the stream is gone (the
 * connection then may stop keeping the process alive).
 */
export function openHttp2Exchange(
  session: ClientHttp2Session,
  target: HttpTarget,
  path: string,
  headers: OutgoingHttpHeaders,
  events: ClientExchangeEvents,
  finished: () => void,
): ClientExchange {
  const stream = session.request(
    {
      ':method': 'POST',
      ':scheme': target.scheme,
      ':path': path,
      ':authority': target.authority,
      ...headers,
    },
    { endStream: false },
  );
  let ended = false;
  let failure: StreamFailure | undefined;
  stream.on('response', (response) => events.response(Number(response[':status']), response));
  stream.on('data', (chunk: Buffer) => events.data(chunk));
  stream.once('end', () => {
    ended = true;
  });
  stream.on('error', (error: Error) => {
    failure ??= failureOfConnection(error);
  });
  stream.once('close', () => {
    finished();
    // Node ends the readable side of a reset stream too: only a stream closed without an error
    // code came to the end of its response.
    const reset = stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR;
    events.closed(
      ended && !reset && failure === undefined
        ? undefined
        : (failure ?? failureOfReset(stream.rstCode, session.destroyed)),
    );
  });
  return {
    write(chunk, drained) {
      if (stream.write(chunk)) return true;
      stream.once('drain', drained);
      return false;
    },
    end(chunk) {
      if (chunk === undefined) stream.end();
      else stream.end(chunk);
    },
    get requestClosed() {
      return stream.destroyed || stream.writableEnded;
    },
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    cancel() {
      if (!stream.destroyed) stream.close(constants.NGHTTP2_CANCEL);
    },
  };
}
