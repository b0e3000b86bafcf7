import { connect, type Socket } from 'node:net';
import { HEADER_SIZE } from './echo-protocol.js';

/** A running echo client: calls completed since it started counting, and a stop. */
export interface EchoClient {
  /** Replies received since {@link EchoClient.startCounting}. */
  readonly calls: number;
  startCounting(): void;
  stop(): void;
}

/**
 * A raw node:net client (the same for every server) that keeps `inFlight` calls going on each
 * of `connections` connections, sending one new request per reply, all the requests of one data
 * event in one write.
 */
export async function startEchoClient(options: {
  port: number;
  connections: number;
  inFlight: number;
  payload: number;
}): Promise<EchoClient> {
  const { port, connections, inFlight, payload } = options;
  const frameSize = HEADER_SIZE + payload;
  // inFlight frames back to back; a write of k requests sends the first k (never changed).
  const requests = Buffer.alloc(frameSize * inFlight, 7);
  for (let i = 0; i < inFlight; i++) {
    requests.writeUInt32BE(payload, i * frameSize);
    requests.writeUInt32BE(i, i * frameSize + 4);
  }
  const state = { counting: false, calls: 0 };
  const sockets: Socket[] = [];
  for (let i = 0; i < connections; i++) {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    sockets.push(socket);
  }
  for (const socket of sockets) {
    let unread = 0; // bytes of replies received and not yet counted
    socket.on('data', (chunk: Buffer) => {
      unread += chunk.length;
      const replies = Math.floor(unread / frameSize);
      unread -= replies * frameSize;
      if (replies === 0) return;
      if (state.counting) state.calls += replies;
      socket.write(requests.subarray(0, replies * frameSize));
    });
    socket.on('error', () => {});
    socket.write(requests);
  }
  return {
    get calls() {
      return state.calls;
    },
    startCounting() {
      state.counting = true;
    },
    stop() {
      state.counting = false;
      for (const socket of sockets) socket.destroy();
    },
  };
}
