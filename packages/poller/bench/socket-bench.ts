import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { run } from '@yrpc/coroutine';
import { Interest } from '../src/interest.js';
import { Poller } from '../src/poller.js';

interface Pair {
  server: Server;
  client: Socket;
  peer: Socket;
}

async function loopbackPair(): Promise<Pair> {
  const server = createServer({ noDelay: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection');
  const client = connect({
    port: (server.address() as AddressInfo).port,
    host: '127.0.0.1',
    noDelay: true,
  });
  const [peer] = (await accepted) as [Socket];
  await once(client, 'connect');
  return { server, client, peer };
}

async function closePair({ server, client, peer }: Pair): Promise<void> {
  client.destroy();
  peer.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const BYTE = Buffer.from([1]);

/**
 * A one-byte ping-pong over loopback TCP where both ends are coroutines waiting in
 * `Poller.wait` for `Readable` and reading with `socket.read()`. Returns wall µs per round trip.
 */
export async function pollerSocketPingPong(rounds: number): Promise<number> {
  const pair = await loopbackPair();
  const poller = new Poller();
  const clientRegistration = poller.register(pair.client, Interest.Readable);
  const peerRegistration = poller.register(pair.peer, Interest.Readable);
  const started = performance.now();
  const echo = run(function* () {
    for (let round = 0; round < rounds; round++) {
      yield* poller.wait(peerRegistration);
      pair.peer.read();
      pair.peer.write(BYTE);
    }
  });
  const ping = run(function* () {
    for (let round = 0; round < rounds; round++) {
      pair.client.write(BYTE);
      yield* poller.wait(clientRegistration);
      pair.client.read();
    }
  });
  await Promise.all([echo, ping]);
  const elapsed = performance.now() - started;
  poller.close();
  await closePair(pair);
  return (elapsed / rounds) * 1000;
}

/** The same ping-pong with plain 'data' callbacks and no poller: the baseline. */
export async function callbackSocketPingPong(rounds: number): Promise<number> {
  const pair = await loopbackPair();
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let received = 0;
    pair.peer.on('data', () => pair.peer.write(BYTE));
    pair.client.on('data', () => {
      if (++received === rounds) resolve();
      else pair.client.write(BYTE);
    });
    pair.client.write(BYTE);
  });
  const elapsed = performance.now() - started;
  await closePair(pair);
  return (elapsed / rounds) * 1000;
}
