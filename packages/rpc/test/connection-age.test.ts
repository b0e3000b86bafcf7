import { afterEach, describe, expect, it } from 'vitest';
import { Client, InvalidOptionError, Server, type ServerOptions, Status } from '../src/index.js';
import { jitteredAge } from '../src/server/connection-age.js';
import { Echo, type EchoLog, echoImplementation } from './helpers/echo-service.js';
import { eventually, rejection } from './helpers/harness.js';

/** An echo server whose `echo` answers with the peer address of the connection it came on. */
async function startPeerServer(options: ServerOptions) {
  const log: EchoLog = { events: [] };
  const server = new Server(options).addService(Echo, {
    ...echoImplementation(log),
    echo: (_request, context) => ({ text: context.peer }),
  });
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = new Client({ host: '127.0.0.1', port });
  return { server, client, log, echo: client.service(Echo) };
}

describe('jitteredAge', () => {
  it('moves the age by up to the jitter either way', () => {
    const settings = {
      maxConnectionAgeMs: 1000,
      maxConnectionAgeJitter: 0.1,
      maxConnectionAgeGraceMs: 0,
    };
    expect(jitteredAge(settings, 0)).toBe(900);
    expect(jitteredAge(settings, 0.5)).toBe(1000);
    expect(jitteredAge(settings, 0.999_999)).toBe(1100);
    expect(jitteredAge({ ...settings, maxConnectionAgeJitter: 0 }, 0.3)).toBe(1000);
    expect(jitteredAge({ ...settings, maxConnectionAgeMs: 1, maxConnectionAgeJitter: 1 }, 0)).toBe(
      1,
    );
  });
});

describe('Server option maxConnectionAgeMs over loopback', () => {
  let running: Awaited<ReturnType<typeof startPeerServer>> | undefined;
  afterEach(async () => {
    await running?.client.close();
    await running?.server.close();
    running = undefined;
  });

  it('rejects a jitter outside 0..1 and a negative age', () => {
    expect(() => new Server({ maxConnectionAgeJitter: 1.5 })).toThrow(InvalidOptionError);
    expect(() => new Server({ maxConnectionAgeMs: -1 })).toThrow(/maxConnectionAgeMs/);
  });

  it('replaces the connection of a client calling in a loop, losing no call', async () => {
    running = await startPeerServer({ maxConnectionAgeMs: 200 });
    const { echo } = running;
    const peers = new Set<string>();
    let calls = 0;
    const stopAt = Date.now() + 1000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (Date.now() < stopAt) {
          const reply = await echo.echo({ text: 'x' });
          peers.add(reply.text ?? '');
          calls++;
        }
      }),
    );
    // 1000 ms of calls at an age of 180..220 ms: at least four connections, every call answered.
    expect(peers.size).toBeGreaterThanOrEqual(4);
    expect(calls).toBeGreaterThan(100);
    const stats = running.server.stats();
    expect(stats.callsFinished).toBe(stats.callsStarted);
    // Drained connections are closed by the server once their calls are done.
    await eventually(() => running?.server.connections === 0, 2000);
  });

  it('lets a call running at the age finish, on the old connection, while new calls go to a new one', async () => {
    running = await startPeerServer({
      maxConnectionAgeMs: 150,
      maxConnectionAgeJitter: 0,
      maxConnectionAgeGraceMs: 5000,
    });
    const { echo, server, log } = running;
    const first = (await echo.echo({})).text;
    const long = echo.sleep({ ms: 500 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    // Past the age: the old connection drains, this call opens a new one.
    const second = (await echo.echo({})).text;
    expect(second).not.toBe(first);
    expect(server.connections).toBe(2);
    expect((await long).text).toBe('slept');
    expect(log.events).toEqual(['sleep:start', 'sleep:done', 'sleep:finally']);
    // Once its call is done, the old connection is closed by the server.
    await eventually(() => server.connections <= 1, 1000);
  });

  it('cuts off a call still running when the grace period ends, with UNAVAILABLE', async () => {
    running = await startPeerServer({
      maxConnectionAgeMs: 100,
      maxConnectionAgeJitter: 0,
      maxConnectionAgeGraceMs: 100,
    });
    const { echo, log } = running;
    const started = Date.now();
    const error = await rejection(echo.sleep({ ms: 5000 }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.code).toBe(Status.UNAVAILABLE);
    expect(error.message).toMatch(/maximum age of 100 ms.*grace period of 100 ms/);
    await eventually(() => log.events.includes('sleep:finally'));
    // The next call opens a new connection and is answered.
    expect((await echo.echo({})).text).toMatch(/127\.0\.0\.1/);
  });

  it('never drains with the option unset', async () => {
    running = await startPeerServer({});
    const { echo } = running;
    const first = (await echo.echo({})).text;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await echo.echo({})).text).toBe(first);
  });
});
