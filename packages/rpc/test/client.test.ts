import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, InvalidOptionError, isRpcError, run, Status } from '../src/index.js';
import { Echo } from './helpers/echo-service.js';
import { eventually, type Harness, rejection, startEchoServer } from './helpers/harness.js';

let harness: Harness | undefined;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await harness?.close();
  harness = undefined;
});

/** A TCP server that accepts and reads but never answers. */
async function silentServer(): Promise<number> {
  const sockets: Socket[] = [];
  const server: NetServer = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function clientOf(port: number, options = {}): Client {
  const client = new Client({ host: '127.0.0.1', port }, options);
  cleanups.push(() => client.close());
  return client;
}

describe('Client deadlines', () => {
  it('enforces the deadline locally and names the method and the address', async () => {
    const port = await silentServer();
    const echo = clientOf(port).service(Echo);
    const started = Date.now();
    const error = await rejection(echo.echo({ text: 'x' }, { timeoutMs: 80 }));
    expect(error.code).toBe(Status.DEADLINE_EXCEEDED);
    expect(error.message).toContain('/yrpc.test.Echo/Echo');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('80 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('applies the default timeout and an absolute deadline', async () => {
    const port = await silentServer();
    const echo = clientOf(port, { defaultTimeoutMs: 40 }).service(Echo);
    expect((await rejection(echo.echo({}))).code).toBe(Status.DEADLINE_EXCEEDED);
    expect((await rejection(echo.echo({}, { deadline: Date.now() + 30 }))).code).toBe(
      Status.DEADLINE_EXCEEDED,
    );
    expect((await rejection(echo.echo({}, { deadline: Date.now() - 1 }))).message).toContain(
      'already passed',
    );
  });

  it('sends its deadline so that the server stops the handler too', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const error = await rejection(echo.sleep({ ms: 10_000 }, { timeoutMs: 300 }));
    expect(error.code).toBe(Status.DEADLINE_EXCEEDED);
    await eventually(() => harness?.log.events.includes('sleep:finally') === true);
  });
});

describe('Client cancellation', () => {
  it('an aborted signal fails the promise with CANCELLED and halts the handler', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const controller = new AbortController();
    const pending = echo.sleep({ ms: 10_000 }, { signal: controller.signal });
    await eventually(() => harness?.log.events.includes('sleep:start') === true);
    controller.abort(new Error('user pressed stop'));
    const error = await rejection(pending);
    expect(error.code).toBe(Status.CANCELLED);
    expect(error.message).toContain('user pressed stop');
    await eventually(() => harness?.log.events.includes('sleep:finally') === true);
    expect(harness.log.events).not.toContain('sleep:done');
  });

  it('a signal aborted before the call fails it at once', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    const error = await rejection(echo.echo({}, { signal: AbortSignal.abort() }));
    expect(error.code).toBe(Status.CANCELLED);
  });

  it('halting a calling coroutine cancels the call on the server', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    let after = false;
    const task = run(function* () {
      yield* echo.sleepAsync.co({ ms: 10_000 });
      after = true;
    });
    await eventually(() => harness?.log.events.includes('async:start') === true);
    await task.halt();
    await eventually(() => harness?.log.events.includes('async:aborted') === true);
    expect(after).toBe(false);
  });
});

describe('Client connections', () => {
  it('fails with UNAVAILABLE naming the address when nothing listens', async () => {
    const port = await silentServer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const cleanup of cleanups.splice(0)) await cleanup();
    const error = await rejection(clientOf(port).service(Echo).echo({}));
    expect(error.code).toBe(Status.UNAVAILABLE);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('/yrpc.test.Echo/Echo');
  });

  it('reconnects on the next call after the connection was lost', async () => {
    harness = await startEchoServer();
    const client = harness.client();
    const echo = client.service(Echo);
    expect((await echo.echo({ text: 'one' })).text).toBe('one');
    await harness.server.close();
    await eventually(() => !client.connected);
    const restarted = await startEchoServer(
      {},
      { host: '127.0.0.1', port: harness.endpoint.port ?? 0 },
    );
    cleanups.push(() => restarted.close());
    const reply = await echo.echo({ text: 'two' });
    expect(reply?.text).toBe('two');
  });

  it('rejects bad options with an error naming the option', () => {
    expect(() => new Client({ host: '127.0.0.1', port: 1 }, { defaultTimeoutMs: -1 })).toThrowError(
      InvalidOptionError,
    );
    expect(() => new Client({ host: '127.0.0.1' })).toThrowError(/Client endpoint option port/);
  });

  it('fails a call with bad call options, naming the option', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    await expect(echo.echo({}, { timeoutMs: 'soon' as unknown as number })).rejects.toThrowError(
      /option timeoutMs/,
    );
  });
});

describe('Client callbacks', () => {
  it('never calls a callback from inside the call, even for an immediate failure', async () => {
    harness = await startEchoServer();
    const echo = harness.client().service(Echo);
    let returned = false;
    const outcome = await new Promise<{ error: Error | null; returnedFirst: boolean }>(
      (resolve) => {
        echo.echo({}, { signal: AbortSignal.abort() }, (error) =>
          resolve({ error, returnedFirst: returned }),
        );
        returned = true;
      },
    );
    expect(outcome.returnedFirst).toBe(true);
    expect(isRpcError(outcome.error) && outcome.error.code).toBe(Status.CANCELLED);
  });
});
