import { type Connection, Listener } from '@yrpc/net';
import type { EchoServerFactory } from '../echo-target.js';
import { RAW_HEADER_SIZE } from '../raw/raw-frame.js';
import {
  NET_CONNECTION_OPTIONS,
  NET_LARGE_PAYLOAD,
  readNetFrames,
  writeNetFrame,
} from './net-frame.js';

/** Pending reply bytes above which the server stops reading until its output drains. */
const OUTPUT_BACKLOG_LIMIT = 1024 * 1024;

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
      return;
    }
    // Like the raw echo: take no more requests while replies are backed up.
    if (c.pendingOutputBytes > OUTPUT_BACKLOG_LIMIT) c.pauseReading();
  });
  connection.onDrain(() => connection.resumeReading());
}

/** Starts the framed echo server on @yrpc/net (the raw target's wire format). */
export const startEchoServer: EchoServerFactory = async ({ host, port }) => {
  const listener = await Listener.listen(
    { host, port, connection: NET_CONNECTION_OPTIONS },
    serveConnection,
  );
  return {
    port: listener.port as number,
    close: () => listener.stop(1000),
  };
};
