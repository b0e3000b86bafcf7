import { connect, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';

/** What a raw HTTP/2 request got back. */
export interface RawResponse {
  readonly headers: IncomingHttpHeaders;
  /** The trailers, empty for a Trailers-Only response. */
  readonly trailers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Options of {@link http2Request}. */
export interface RawRequestOptions {
  /** Fail after this long (ms). Default 5000. */
  readonly timeoutMs?: number;
  /** Send the body this long (ms) after the headers. Default 0: at once. */
  readonly bodyDelayMs?: number;
}

/**
 * One HTTP/2 request on a connection of its own to 127.0.0.1:`port` (closed after it), for the
 * requests a gRPC client would not send. Bounded: fails after `timeoutMs`.
 */
export async function http2Request(
  port: number,
  headers: OutgoingHttpHeaders,
  body: Uint8Array,
  { timeoutMs = 5000, bodyDelayMs = 0 }: RawRequestOptions = {},
): Promise<RawResponse> {
  const session = connect(`http://127.0.0.1:${port}`);
  session.on('error', () => {});
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in time')), timeoutMs);
      const stream = session.request({ ':method': 'POST', ...headers });
      let responseHeaders: IncomingHttpHeaders = {};
      let trailers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => {
        responseHeaders = h;
      });
      stream.on('trailers', (t) => {
        trailers = t;
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      stream.on('close', () => {
        clearTimeout(timer);
        resolve({ headers: responseHeaders, trailers, body: Buffer.concat(chunks) });
      });
      if (bodyDelayMs === 0) stream.end(body);
      else
        setTimeout(() => {
          // The server may have answered (and closed the stream) before the body was due.
          if (!stream.closed && !stream.destroyed) stream.end(body);
        }, bodyDelayMs);
    });
  } finally {
    session.close();
  }
}
