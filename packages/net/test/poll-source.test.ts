import { Interest, type PollEvent, Poller } from '@yrpc/poller';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Connection,
  connect,
  createConnectionPair,
  Listener,
  NetError,
  type Operation,
  Runtime,
  withTimeout,
} from '../src/index.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(): Promise<Listener> {
  const listener = await Listener.listen({ port: 0 });
  cleanups.push(() => listener.stop(200));
  return listener;
}

async function dial(port: number): Promise<Connection> {
  const connection = await connect({ port });
  cleanups.push(() => connection.abort());
  return connection;
}

/** Polls `check` every few ms until it holds; fails after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function readable(connection: Connection, count: number): Promise<boolean> {
  return new Promise((resolve, reject) =>
    connection.whenReadable(count, { resume: resolve, fail: reject }),
  );
}

/** The tokens of the events, sorted, and each one's readiness. */
function tokens(events: PollEvent[]): number[] {
  return events.map((event) => event.registration.token as number).sort((a, b) => a - b);
}

function readinessOf(events: PollEvent[], token: number): number | undefined {
  return events.find((event) => event.registration.token === token)?.readiness;
}

describe('Connection as a PollSource', () => {
  it('reports Readable while unread input is buffered, Writable while output is not backed up', async () => {
    const [a, b] = createConnectionPair({ outputHighWaterMark: 64, outputLowWaterMark: 16 });
    cleanups.push(() => a.abort());
    expect(b.pollReadiness()).toBe(Interest.Writable);
    a.write(new Uint8Array([1, 2, 3]));
    await readable(b, 3);
    expect(b.pollReadiness()).toBe(Interest.Readable | Interest.Writable);
    b.input.retrieve(2);
    expect(b.pollReadiness() & Interest.Readable).toBe(Interest.Readable);
    b.input.retrieve(1);
    expect(b.pollReadiness()).toBe(Interest.Writable);
    // Over the output high-water mark the connection is not writable.
    a.write(new Uint8Array(100));
    expect(a.outputBackedUp).toBe(true);
    expect(a.pollReadiness() & Interest.Writable).toBe(0);
  });

  it('is not Readable below a declared expectation (like SO_RCVLOWAT) until it is met', async () => {
    const [a, b] = createConnectionPair();
    cleanups.push(() => a.abort());
    const changes: number[] = [];
    b.watchReadiness(() => changes.push(b.pollReadiness()));
    a.write(new Uint8Array([0, 0]));
    await readable(b, 2);
    expect(b.pollReadiness() & Interest.Readable).toBe(Interest.Readable);
    b.expectInput(6);
    expect(b.pollReadiness() & Interest.Readable).toBe(0);
    changes.length = 0;
    a.write(new Uint8Array([0, 0, 0, 0]));
    await readable(b, 6);
    expect(b.pollReadiness() & Interest.Readable).toBe(Interest.Readable);
    expect(changes.some((level) => (level & Interest.Readable) !== 0)).toBe(true);
    // Dropping an expectation makes what is buffered readable at once, and says so.
    b.expectInput(10);
    expect(b.pollReadiness() & Interest.Readable).toBe(0);
    changes.length = 0;
    b.expectInput(0);
    expect(changes).toEqual([Interest.Readable | Interest.Writable]);
  });

  it('calls its watchers on data, end, drain and close, and none once they stop', async () => {
    const [a, b] = createConnectionPair();
    let first = 0;
    let second = 0;
    const stopFirst = b.watchReadiness(() => first++);
    const stopSecond = b.watchReadiness(() => second++);
    a.write(new Uint8Array([1]));
    await readable(b, 1);
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(first);
    stopFirst();
    stopFirst(); // idempotent
    const before = first;
    a.write(new Uint8Array([2]));
    await readable(b, 2);
    expect(first).toBe(before);
    expect(second).toBeGreaterThan(before);
    stopSecond();
    const afterStop = second;
    a.shutdown();
    await new Promise<void>((resolve, reject) =>
      b.whenReadable(3, { resume: () => resolve(), fail: reject }),
    );
    expect(b.ended).toBe(true);
    expect(second).toBe(afterStop);
    // The end is Readable (a read returns false) even with nothing buffered.
    b.input.retrieveAll();
    expect(b.pollReadiness() & Interest.Readable).toBe(Interest.Readable);
    // Close: watchers hear it, the level says Closed, and the error is the close reason.
    const [c, d] = createConnectionPair();
    cleanups.push(() => c.abort());
    let closed = 0;
    d.watchReadiness(() => closed++);
    d.abort(new NetError('aborted', 'test'));
    await d.closed;
    expect(closed).toBeGreaterThan(0);
    expect(d.pollReadiness() & Interest.Closed).toBe(Interest.Closed);
    expect(d.pollReadiness() & Interest.Writable).toBe(0);
    expect(d.pollError()).toBe(d.closeReason);
    expect(d.pollError()).toBeInstanceOf(NetError);
  });

  it('reports no error for a clean close', async () => {
    const [a, b] = createConnectionPair();
    a.close();
    b.close();
    await Promise.all([a.closed, b.closed]);
    expect(b.pollReadiness() & Interest.Closed).toBe(Interest.Closed);
    expect(b.pollError()).toBeUndefined();
  });
});

describe('Listener as a PollSource', () => {
  it('is Accept while accepted connections wait in its queue, Closed once stopped', async () => {
    const listener = await listen();
    const changes: number[] = [];
    listener.watchReadiness(() => changes.push(listener.pollReadiness()));
    expect(listener.pollReadiness()).toBe(0);
    await dial(listener.port as number);
    await dial(listener.port as number);
    await until(() => listener.connectionCount === 2);
    expect(listener.pollReadiness()).toBe(Interest.Accept);
    expect(changes).toContain(Interest.Accept);
    expect(listener.tryAccept()).toBeDefined();
    expect(listener.pollReadiness()).toBe(Interest.Accept);
    expect(listener.tryAccept()).toBeDefined();
    expect(listener.pollReadiness()).toBe(0);
    expect(listener.tryAccept()).toBeUndefined();
    const stopping = listener.stop(200);
    expect(listener.pollReadiness()).toBe(Interest.Closed);
    expect(changes.at(-1)).toBe(Interest.Closed);
    await stopping;
  });

  it('queues nothing while an accept() waits or a handler takes connections', async () => {
    const listener = await listen();
    const runtime = new Runtime();
    const accepting = runtime.run(() => listener.accept());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await dial(listener.port as number);
    const accepted = await accepting;
    cleanups.push(() => accepted.abort());
    expect(listener.pollReadiness()).toBe(0);
    const handled: Connection[] = [];
    listener.onConnection((connection) => handled.push(connection));
    await dial(listener.port as number);
    await until(() => handled.length === 1);
    expect(listener.pollReadiness()).toBe(0);
  });
});

describe('a Poller over many Connections and a Listener', () => {
  it('collects exactly the ready ones, level-triggered, and reports Closed', async () => {
    const count = 50;
    const listener = await listen();
    const poller = new Poller();
    cleanups.push(() => poller.close());
    const accepting = poller.register(listener, Interest.Accept, -1);
    expect(poller.collect()).toEqual([]);

    const clients: Connection[] = [];
    for (let i = 0; i < count; i++) clients.push(await dial(listener.port as number));
    await until(() => listener.connectionCount === count);
    const acceptEvents = poller.collect();
    expect(acceptEvents).toEqual([{ registration: accepting, readiness: Interest.Accept }]);

    // Take them all; each client says its index in a first byte, which pairs the two ends.
    const taken: Connection[] = [];
    for (let next = listener.tryAccept(); next !== undefined; next = listener.tryAccept()) {
      cleanups.push(() => next.abort());
      taken.push(next);
    }
    expect(taken).toHaveLength(count);
    expect(poller.collect()).toEqual([]); // the queue is empty
    for (const [i, client] of clients.entries()) client.write(new Uint8Array([i]));
    await Promise.all(taken.map((server) => readable(server, 1)));
    const servers: Connection[] = [];
    for (const server of taken) servers[server.input.readU8()] = server;
    // Register each for reading, its client's index as token: nothing is readable yet.
    const registrations = servers.map((server, i) => poller.register(server, Interest.Readable, i));
    expect(poller.collect()).toEqual([]);

    // Clients with an even index send 3 bytes: exactly their peers are ready.
    const even = clients.map((_, i) => i).filter((i) => i % 2 === 0);
    for (const i of even) clients[i]?.write(new Uint8Array([i, 1, 2]));
    await Promise.all(even.map((i) => readable(servers[i] as Connection, 3)));
    const ready = poller.collect(64);
    expect(tokens(ready)).toEqual(even);
    for (const event of ready) expect(event.readiness).toBe(Interest.Readable);

    // Level-triggered: still ready while unread bytes remain (also after a partial read).
    for (const i of even) servers[i]?.input.retrieve(1);
    expect(tokens(poller.collect(64))).toEqual(even);
    // Reading everything of the first ten takes them out of the ready set.
    const drained = even.slice(0, 10);
    for (const i of drained) servers[i]?.input.retrieveAll();
    const rest = even.filter((i) => !drained.includes(i));
    expect(tokens(poller.collect(64))).toEqual(rest);
    // maxEvents caps a batch; the next batch goes on with the others (round robin).
    const firstBatch = tokens(poller.collect(5));
    const secondBatch = tokens(poller.collect(64));
    expect(firstBatch).toHaveLength(5);
    expect([...new Set([...firstBatch, ...secondBatch])].sort((a, b) => a - b)).toEqual(rest);
    for (const i of rest) servers[i]?.input.retrieveAll();
    expect(poller.collect(64)).toEqual([]);

    // Closed: client 1 resets its connection, client 3 closes cleanly.
    clients[1]?.abort();
    clients[3]?.close();
    await Promise.all([servers[1]?.closed, servers[3]?.closed]);
    const closed = poller.collect(64);
    expect(tokens(closed)).toEqual([1, 3]);
    expect((readinessOf(closed, 1) as number) & Interest.Closed).toBe(Interest.Closed);
    expect((readinessOf(closed, 3) as number) & Interest.Closed).toBe(Interest.Closed);
    expect(registrations[1]?.error).toBeInstanceOf(NetError);
    expect(registrations[3]?.error).toBeUndefined();
    // Deregistering leaves the connection without watchers and the poller without them.
    registrations[1]?.deregister();
    registrations[3]?.deregister();
    expect(poller.collect(64)).toEqual([]);
    expect(poller.size).toBe(count - 1);

    // Stopping the listener reports Closed on its registration.
    const stopping = listener.stop(200);
    expect(tokens(poller.collect(64))).toContain(-1);
    await stopping;
  });

  it('lets one coroutine serve many connections, epoll-style', async () => {
    const count = 50;
    const listener = await listen();
    const runtime = new Runtime();
    const served = runtime.run(function* (): Operation<number> {
      const poller = runtime.poller;
      poller.register(listener, Interest.Accept, listener);
      let frames = 0;
      // Until the listener stopped and every connection it gave closed.
      while (poller.size > 0) {
        for (const { registration, readiness } of yield* poller.poll(64)) {
          if (registration.token === listener) {
            if (readiness & Interest.Closed) {
              registration.deregister(); // stopped: no more connections
              continue;
            }
            for (let c = listener.tryAccept(); c !== undefined; c = listener.tryAccept()) {
              poller.register(c, Interest.Readable, c);
            }
            continue;
          }
          const connection = registration.token as Connection;
          if (readiness & Interest.Closed) {
            registration.deregister();
            continue;
          }
          // Echo every whole length-prefixed frame; for a partial one, say how much is needed,
          // so the connection is not reported again before its frame is complete.
          const input = connection.input;
          while (input.readableBytes >= 4) {
            const total = 4 + input.peekU32();
            if (input.readableBytes < total) {
              connection.expectInput(total);
              break;
            }
            connection.write(input.readView(total));
            frames++;
          }
          if (input.readableBytes < 4 && !connection.ended && input.readableBytes > 0) {
            connection.expectInput(4);
          }
          if (connection.ended && input.readableBytes === 0) {
            // Every source reported must be handled: a level that stays set would come back
            // from every poll, and the loop would never wait. Only Closed is left to hear.
            connection.close();
            registration.setInterests(0);
          }
        }
      }
      return frames;
    });

    const clients: Connection[] = [];
    for (let i = 0; i < count; i++) clients.push(await dial(listener.port as number));
    // Each client sends two frames, the second split across two writes some time apart.
    for (const [i, client] of clients.entries()) {
      const out = client.beginWrite();
      out.writeU32(4);
      out.writeU32(i);
      out.writeU32(8);
      out.writeU32(i);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const [i, client] of clients.entries()) client.beginWrite().writeU32(i * 2);
    await Promise.all(clients.map((client) => readable(client, 20)));
    for (const [i, client] of clients.entries()) {
      const input = client.input;
      expect([input.readU32(), input.readU32()]).toEqual([4, i]);
      expect([input.readU32(), input.readU32(), input.readU32()]).toEqual([8, i, i * 2]);
      client.close();
    }
    await Promise.all(clients.map((client) => client.closed));
    await listener.stop(500);
    const frames = await Promise.race([
      served,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hung')), 5000)),
    ]);
    expect(frames).toBe(2 * count);
    expect(runtime.poller.size).toBe(0);
  });

  it('lets a coroutine wait on one connection with a timeout', async () => {
    const [a, b] = createConnectionPair();
    cleanups.push(() => a.abort());
    const runtime = new Runtime();
    const registration = runtime.poller.register(b, Interest.Readable);
    cleanups.push(() => registration.deregister());
    const timedOut = runtime.run(function* () {
      try {
        yield* withTimeout(() => runtime.poller.wait(registration, Interest.Readable), 20);
        return 'ready';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    });
    expect(await timedOut).toBe('timeout');
    const waiting = runtime.run(() => runtime.poller.wait(registration, Interest.Readable, 2000));
    a.write(new Uint8Array([9]));
    expect(await waiting).toBe(Interest.Readable);
  });
});
