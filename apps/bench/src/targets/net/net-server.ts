import { type Connection, Listener } from '@yrpc/net';
import type { EchoServerFactory } from '../echo-target.js';
import { RAW_HEADER_SIZE } from '../raw/raw-frame.js';
import { NET_LARGE_PAYLOAD, readNetFrames, writeNetFrame } from './net-frame.js';

/**
 * Serves one connection, callback style: frames are parsed in place from the input buffer inside
 * the data event and every reply goes into the output buffer, which leaves in one socket write
 * when the event ends. Large payloads are not copied again: taken out of the input buffer for
 * keeps, they go back to the socket by reference.
 */
function serveConnection(connection: Connection): void {
  connection.onReadable((c) => {
    try {
      readNetFrames(c.input, (input, payloadLength, requestId) => {
        if (payloadLength >= NET_LARGE_PAYLOAD) {
          // Take the payload out of the input buffer for keeps and send it back by reference.
          input.retrieve(RAW_HEADER_SIZE);
          const payload = input.readOwned(payloadLength);
          writeNetFrame(c, requestId, payload);
          return RAW_HEADER_SIZE + payloadLength;
        }
        const start = input.readerIndex + RAW_HEADER_SIZE;
        writeNetFrame(c, requestId, input.bytes, start, start + payloadLength);
        return 0;
      });
    } catch {
      c.abort();
    }
  });
}

/** Starts the framed echo server on @yrpc/net (the raw target's wire format). */
export const startEchoServer: EchoServerFactory = async ({ host, port }) => {
  const listener = await Listener.listen({ host, port }, serveConnection);
  return {
    port: listener.port as number,
    close: () => listener.stop(1000),
  };
};
