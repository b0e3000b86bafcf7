import { connectEchoClient } from '../yrpc/yrpc-client.js';
import type { IdleClientFactory } from './idle-targets.js';

const PAYLOAD = new Uint8Array(16);

/**
 * One @yrpc/rpc Client (its own connection, not a pool) through the echo target's client: its
 * `connect()` resolves once the socket is open and the HANDSHAKE sent, so one Echo call is made
 * and awaited, which means the server has taken the handshake and set the connection up.
 */
export const openIdleConnection: IdleClientFactory = async ({ host, port }) => {
  const connection = await connectEchoClient({
    host,
    port,
    payloadSize: PAYLOAD.length,
    concurrency: 1,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      connection.call(PAYLOAD, (error) => (error === undefined ? resolve() : reject(error)));
    });
  } catch (error) {
    await connection.close();
    throw error;
  }
  return connection;
};
