import type { Server, Socket } from 'node:net';
import { CoroutineError, run, spawn, suspend } from '@yrpc/coroutine';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Interest } from '../src/interest.js';
import { ManualClock } from '../src/manual-clock.js';
import { Poller } from '../src/poller.js';
import { PollerError } from '../src/poller-error.js';
import { TimerQueue } from '../src/timer-queue.js';
import { caught } from './support/caught.js';
import { FakeSource } from './support/fake-source.js';
import { delay, eventually, Loopback } from './support/loopback.js';

const loopback = new Loopback();
afterEach(() => loopback.close());

const SOCKET_EVENTS = ['readable', 'connect', 'secureConnect', 'drain', 'end', 'close', 'error'];

function listenerCounts(emitter: Socket | Server, events: string[]): Record<string, number> {
  return Object.fromEntries(events.map((event) => [event, emitter.listenerCount(event)]));
}

describe('Poller on sockets', () => {
  it('reports readable while bytes stay buffered, and stops once they are read', async () => {
    const { client, peer } = await loopback.pair();
    const poller = new Poller();
    const registration = poller.register(peer, Interest.Readable);
    expect(registration.readiness()).toBe(0);
    client.write('hello');
    const ready = await run(function* () {
      return yield* poller.wait(registration);
    });
    expect(ready).toBe(Interest.Readable);
    // Level-like: nothing read yet, so still readable, and a second wait returns at once.
    expect(registration.readiness()).toBe(Interest.Readable);
    await run(function* () {
      yield* poller.wait(registration);
    });
    expect(String(peer.read())).toBe('hello');
    expect(registration.readiness()).toBe(0);
    registration.deregister();
  });

  it('reports EOF as readable, and closing as Closed', async () => {
    const { client, peer } = await loopback.pair();
    const poller = new Poller();
    const registration = poller.register(peer, Interest.Readable | Interest.Closed);
    client.end();
    const ready = await run(function* () {
      return yield* poller.wait(registration, Interest.Readable);
    });
    expect(ready & Interest.Readable).toBe(Interest.Readable);
    expect(peer.read()).toBeNull();
    const closed = await run(function* () {
      return yield* poller.wait(registration, Interest.Closed);
    });
    expect(closed).toBe(Interest.Closed);
    registration.deregister();
  });

  it('reports writable once a client connects', async () => {
    const server = await loopback.server();
    const client = loopback.client(server);
    const poller = new Poller();
    const registration = poller.register(client, Interest.Writable);
    expect(registration.readiness()).toBe(0);
    const ready = await run(function* () {
      return yield* poller.wait(registration);
    });
    expect(ready).toBe(Interest.Writable);
    registration.deregister();
  });

  it('fails a wait with source-closed (and the cause) when the socket fails', async () => {
    const { peer } = await loopback.pair();
    const poller = new Poller();
    const registration = poller.register(peer, Interest.Readable);
    const task = run(function* () {
      return yield* poller.wait(registration);
    });
    await delay(5);
    const reason = new Error('reset by test');
    peer.destroy(reason);
    const error = await caught(task);
    expect(PollerError.is(error, 'source-closed')).toBe(true);
    expect((error as PollerError).cause).toBe(reason);
    expect(registration.error).toBe(reason);
    expect(registration.waiters).toHaveLength(0);
    registration.deregister();
  });

  it('hands out accepted connections while Accept stays level', async () => {
    const server = await loopback.server();
    const poller = new Poller();
    const registration = poller.register(server, Interest.Accept);
    const clients = [loopback.client(server), loopback.client(server), loopback.client(server)];
    const accepted: Socket[] = [];
    await run(function* () {
      while (accepted.length < clients.length) {
        yield* poller.wait(registration);
        for (let socket = registration.accept(); socket; socket = registration.accept()) {
          accepted.push(loopback.track(socket));
        }
      }
    });
    expect(accepted).toHaveLength(3);
    expect(registration.readiness()).toBe(0);
    expect(registration.accept()).toBeUndefined();
    registration.deregister();
    expect(server.listenerCount('connection')).toBe(0);
  });

  it('destroys connections still queued when a server is deregistered', async () => {
    const server = await loopback.server();
    const poller = new Poller();
    const registration = poller.register(server, Interest.Accept);
    const client = loopback.client(server);
    await eventually(() => registration.readiness() === Interest.Accept);
    registration.deregister();
    await eventually(() => client.destroyed || client.readableEnded);
    expect(registration.accept()).toBeUndefined();
  });

  it('works on TLS sockets and servers', async () => {
    const server = await loopback.tlsServer();
    const poller = new Poller();
    const serverRegistration = poller.register(server, Interest.Accept);
    const client = loopback.tlsClient(server);
    const clientRegistration = poller.register(client, Interest.Writable | Interest.Readable);
    const peer = await run(function* () {
      yield* poller.wait(serverRegistration);
      return registrationAccept();
    });
    function registrationAccept(): Socket {
      const socket = serverRegistration.accept();
      if (socket === undefined) throw new Error('nothing accepted');
      return loopback.track(socket);
    }
    await run(function* () {
      yield* poller.wait(clientRegistration, Interest.Writable);
    });
    peer.write('over tls');
    await run(function* () {
      yield* poller.wait(clientRegistration, Interest.Readable);
    });
    expect(String(client.read())).toBe('over tls');
    poller.close();
    expect(poller.size).toBe(0);
    expect(server.listenerCount('secureConnection')).toBe(0);
  });

  it('leaves no listener behind after many register/deregister cycles', async () => {
    const { client, peer, server } = await loopback.pair();
    const poller = new Poller();
    const socketBefore = listenerCounts(peer, SOCKET_EVENTS);
    const clientBefore = listenerCounts(client, SOCKET_EVENTS);
    const serverEvents = ['connection', 'close', 'error', 'listening'];
    const serverBefore = listenerCounts(server, serverEvents);
    for (let cycle = 0; cycle < 500; cycle++) {
      const a = poller.register(peer, Interest.Readable | Interest.Writable | Interest.Closed);
      const b = poller.register(client, Interest.Writable);
      const c = poller.register(server, Interest.Accept);
      b.setInterests(Interest.Readable | Interest.Writable);
      a.setInterests(Interest.Closed);
      a.deregister();
      b.deregister();
      c.deregister();
      c.deregister();
    }
    expect(poller.size).toBe(0);
    expect(listenerCounts(peer, SOCKET_EVENTS)).toEqual(socketBefore);
    expect(listenerCounts(client, SOCKET_EVENTS)).toEqual(clientBefore);
    expect(listenerCounts(server, serverEvents)).toEqual(serverBefore);
  });

  it('leaves no listener, waiter or timer behind when a waiting coroutine is halted', async () => {
    const { peer } = await loopback.pair();
    const poller = new Poller();
    const before = listenerCounts(peer, SOCKET_EVENTS);
    const registration = poller.register(peer, Interest.Readable);
    const task = run(function* () {
      yield* poller.wait(registration, Interest.Readable, 60_000);
    });
    await eventually(() => registration.waiters.length === 1);
    expect(poller.timers.size).toBe(1);
    await task.halt();
    expect(task.state).toBe('halted');
    expect(registration.waiters).toHaveLength(0);
    expect(poller.timers.size).toBe(0);
    registration.deregister();
    expect(listenerCounts(peer, SOCKET_EVENTS)).toEqual(before);
  });

  it('times out a wait with a typed error and cleans up', async () => {
    const { peer } = await loopback.pair();
    const clock = new ManualClock();
    const poller = new Poller({ timers: new TimerQueue({ clock }) });
    const registration = poller.register(peer, Interest.Readable);
    const task = run(function* () {
      yield* poller.wait(registration, Interest.Readable, 50);
    });
    await eventually(() => registration.waiters.length === 1);
    clock.advance(49);
    await delay(1);
    expect(task.state).toBe('suspended');
    clock.advance(1);
    const error = await caught(task);
    expect(PollerError.isTimeout(error)).toBe(true);
    expect(registration.waiters).toHaveLength(0);
    expect(poller.timers.size).toBe(0);
    registration.deregister();
  });

  it('rejects what cannot be registered or waited for', async () => {
    const { peer } = await loopback.pair();
    const poller = new Poller();
    expect(() => poller.register({} as Socket, Interest.Readable)).toThrow(PollerError);
    expect(() => poller.register(peer, 64)).toThrow(PollerError);
    const registration = poller.register(peer, Interest.Readable);
    expect(() => poller.register(peer, Interest.Readable)).toThrow(/already registered/);
    const error = await caught(
      run(function* () {
        yield* poller.wait(registration, Interest.Writable);
      }),
    );
    expect(PollerError.is(error, 'invalid-argument')).toBe(true);
    registration.deregister();
    expect(poller.registrationOf(peer)).toBeUndefined();
  });
});

describe('Poller with PollSource adapters', () => {
  it('fails waiters with deregistered and stops watching', async () => {
    const source = new FakeSource();
    const poller = new Poller();
    const registration = poller.register(source, Interest.Readable);
    expect(source.watchers).toBe(1);
    const task = run(function* () {
      yield* poller.wait(registration);
    });
    await eventually(() => registration.waiters.length === 1);
    registration.deregister();
    const error = await caught(task);
    expect(PollerError.is(error, 'deregistered')).toBe(true);
    expect(source.watchers).toBe(0);
    expect(registration.readiness()).toBe(0);
  });

  it('wakes only the waiters whose interests became ready', async () => {
    const source = new FakeSource();
    const poller = new Poller();
    const registration = poller.register(source, Interest.Readable | Interest.Writable);
    const woken: string[] = [];
    const reader = run(function* () {
      woken.push(`reader:${yield* poller.wait(registration, Interest.Readable)}`);
    });
    const writer = run(function* () {
      woken.push(`writer:${yield* poller.wait(registration, Interest.Writable)}`);
    });
    await eventually(() => registration.waiters.length === 2);
    source.set(Interest.Writable);
    await writer;
    expect(woken).toEqual(['writer:2']);
    expect(registration.waiters).toHaveLength(1);
    source.set(Interest.Readable | Interest.Writable);
    await reader;
    expect(woken).toEqual(['writer:2', 'reader:1']);
  });

  it('collects a batch of ready sources, at most maxEvents, round robin', async () => {
    const poller = new Poller();
    const sources = [new FakeSource(), new FakeSource(), new FakeSource()];
    const registrations = sources.map((source, index) =>
      poller.register(source, Interest.Readable, `s${index}`),
    );
    sources[0]?.set(Interest.Readable);
    sources[2]?.set(Interest.Readable);
    const tokens = (events: { registration: { token: unknown } }[]): unknown[] =>
      events.map((event) => event.registration.token);
    const all = await run(function* () {
      return yield* poller.poll(10);
    });
    expect(tokens(all)).toEqual(['s0', 's2']);
    expect(all.every((event) => event.readiness === Interest.Readable)).toBe(true);
    expect(tokens(poller.collect(1))).toEqual(['s0']);
    expect(tokens(poller.collect(1))).toEqual(['s2']);
    expect(tokens(poller.collect(1))).toEqual(['s0']);
    sources[0]?.set(0);
    expect(tokens(poller.collect(10))).toEqual(['s2']);
    for (const registration of registrations) registration.deregister();
    expect(poller.collect(10)).toEqual([]);
  });

  it('poll waits for the first ready source, or returns nothing at its timeout', async () => {
    const clock = new ManualClock();
    const poller = new Poller({ timers: new TimerQueue({ clock }) });
    const source = new FakeSource();
    poller.register(source, Interest.Readable, 'only');
    const waiting = run(function* () {
      return yield* poller.poll(4);
    });
    await delay(2);
    expect(waiting.state).toBe('suspended');
    source.set(Interest.Readable);
    const events = await waiting;
    expect(events.map((event) => event.registration.token)).toEqual(['only']);
    source.set(0);
    const timedOut = run(function* () {
      return yield* poller.poll(4, 30);
    });
    await delay(2);
    clock.advance(30);
    expect(await timedOut).toEqual([]);
    expect(poller.timers.size).toBe(0);
    const immediate = await run(function* () {
      return yield* poller.poll(4, 0);
    });
    expect(immediate).toEqual([]);
    const bad = await caught(
      run(function* () {
        return yield* poller.poll(0);
      }),
    );
    expect(PollerError.is(bad, 'invalid-argument')).toBe(true);
  });

  it('a halted poll leaves no batch waiter behind', async () => {
    const poller = new Poller();
    const source = new FakeSource();
    poller.register(source, Interest.Readable);
    let polled = 0;
    const task = run(function* () {
      const child = yield* spawn(function* () {
        yield* poller.poll(4, 10_000);
        polled++;
      });
      yield* suspend(() => {});
      yield* child;
    });
    await delay(5);
    await task.halt();
    expect(poller.timers.size).toBe(0);
    source.set(Interest.Readable);
    await delay(2);
    expect(polled).toBe(0);
    expect(CoroutineError.isHalt(await caught(task))).toBe(true);
  });
});

describe('Poller ready list (property)', () => {
  type Step = { kind: 'set'; source: number; level: number } | { kind: 'collect'; max: number };
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      source: fc.nat(5),
      level: fc.constantFrom(0, Interest.Readable, Interest.Writable, Interest.Closed),
    }),
    fc.record({ kind: fc.constant('collect' as const), max: fc.integer({ min: 1, max: 8 }) }),
  );

  it('reports exactly the ready sources, each once per call, and rotates through them', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 120 }), (steps) => {
        const poller = new Poller();
        const sources = Array.from({ length: 6 }, () => new FakeSource());
        sources.forEach((source, index) => {
          poller.register(source, Interest.Readable, index);
        });
        const readyNow = (): number[] =>
          sources.flatMap((source, index) =>
            (source.level & (Interest.Readable | Interest.Closed)) !== 0 ? [index] : [],
          );
        for (const step of steps) {
          if (step.kind === 'set') {
            sources[step.source]?.set(step.level);
            continue;
          }
          const ready = readyNow();
          const events = poller.collect(step.max);
          const tokens = events.map((event) => event.registration.token as number);
          expect(new Set(tokens).size).toBe(tokens.length);
          expect(tokens.length).toBe(Math.min(step.max, ready.length));
          for (const event of events) {
            const source = sources[event.registration.token as number] as FakeSource;
            expect(event.readiness).toBe(source.level & (Interest.Readable | Interest.Closed));
          }
          // With nothing changing, the next calls go on with the ones not yet reported.
          if (ready.length > step.max) {
            const next = poller.collect(ready.length - step.max);
            const rest = next.map((event) => event.registration.token as number);
            expect([...tokens, ...rest].sort()).toEqual([...ready].sort());
          }
        }
        poller.close();
      }),
      { numRuns: 200 },
    );
  });
});
