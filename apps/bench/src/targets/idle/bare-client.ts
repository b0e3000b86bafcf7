import { once } from 'node:events';
import { connect } from 'node:net';
import type { IdleClientFactory } from './idle-targets.js';

/** A plain `node:net` connection, open once `connect` fires; it sends nothing. */
export const openIdleConnection: IdleClientFactory = ({ host, port }) =>
  new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve({
        close: async () => {
          if (socket.closed) return;
          const closed = once(socket, 'close');
          socket.destroy();
          await closed;
        },
      });
    });
  });
