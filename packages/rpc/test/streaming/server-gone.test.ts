import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Operation, run, Status, sleep } from '../../src/index.js';
import {
  asyncHandlers,
  cleanUp,
  coroutineHandlers,
  delay,
  expectCode,
  failure,
  HandlerLog,
  type Msg,
  type NumbersServerStream,
  QUIET,
  serve,
  stubOf,
  until,
  within,
} from './streaming-helpers.js';

// The server goes away in the middle of a stream: its process is killed (SIGKILL, no GOAWAY, no
// goodbye of any kind) or it is closed (`server.close()`). The client's stream ends with
// UNAVAILABLE, whatever the client was doing (iterating, sending, waiting in a coroutine); an
// in-process server's handlers are halted (their `finally` runs).

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..', '..');
const script = join(here, 'numbers-child-server.ts');

const children = new Set<ChildProcess>();
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all([...children].map((child) => kill(child)));
  await cleanUp();
});

const LIMIT = 5000;

/** Starts numbers-child-server.ts; resolves with the process and its port. */
async function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--conditions=@yrpc/source', '--import', 'tsx', script], {
    cwd: packageDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const port = await within(
    new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (code, signal) =>
        reject(new Error(`the server process exited (${code ?? signal}): ${output}`)),
      );
    }),
    15_000,
    'the server process to listen',
  );
  return { child, port };
}

/** Kills `child` with SIGKILL (unless it is gone) and waits for it to exit. */
async function kill(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

function clientOf(port: number) {
  const client = new Client({ host: '127.0.0.1', port }, QUIET);
  clients.push(client);
  return stubOf(client);
}

describe('the server process is killed (SIGKILL) mid-stream', () => {
  it('server streaming: the iteration ends with UNAVAILABLE', { timeout: 30_000 }, async () => {
    const { child, port } = await startChild();
    const stub = clientOf(port);
    const got: number[] = [];
    const error = await within(
      failure(
        (async () => {
          for await (const message of stub.count({})) {
            got.push(message.value);
            if (got.length === 5) void kill(child);
          }
        })(),
      ),
      LIMIT,
      'count',
    );
    expectCode(error, Status.UNAVAILABLE);
    expect(got.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('bidi: the iteration and a waiting send end with UNAVAILABLE', {
    timeout: 30_000,
  }, async () => {
    const { child, port } = await startChild();
    const stream = clientOf(port).echo();
    stream.write({ value: 1 });
    const iterator = stream[Symbol.asyncIterator]();
    expect(((await within(iterator.next(), LIMIT, 'first echo')).value as Msg).value).toBe(1);
    const next = failure(iterator.next());
    await kill(child);
    expectCode(await within(next, LIMIT, 'next'), Status.UNAVAILABLE);
    // Sending after the end fails with the same error.
    expectCode(
      await within(failure(stream.sendAsync({ value: 2 })), LIMIT, 'send'),
      Status.UNAVAILABLE,
    );
  });

  it('client streaming: the promise rejects with UNAVAILABLE', { timeout: 30_000 }, async () => {
    const { child, port } = await startChild();
    const stub = clientOf(port);
    let sent = 0;
    async function* forever(): AsyncGenerator<Msg> {
      for (;;) {
        sent++;
        yield { value: sent };
        await delay(2);
      }
    }
    const response = failure(stub.add(forever()));
    await until(() => sent > 5, 'a few requests sent');
    await kill(child);
    expectCode(await within(response, LIMIT, 'add'), Status.UNAVAILABLE);
  });

  it('a coroutine waiting in receive fails with UNAVAILABLE', { timeout: 30_000 }, async () => {
    const { child, port } = await startChild();
    const stub = clientOf(port);
    let received = 0;
    const task = run(function* (): Operation<void> {
      const stream = yield* stub.count.co({});
      for (;;) {
        yield* stream.receive();
        received++;
      }
    });
    const outcome = failure(task.promise);
    await until(() => received >= 3, 'a few messages');
    await kill(child);
    expectCode(await within(outcome, LIMIT, 'count.co'), Status.UNAVAILABLE);
  });
});

/** Endless producers, in both shapes, that log their `finally`. */
const endless = {
  async: (log: HandlerLog) => ({
    ...asyncHandlers(log),
    async *count() {
      log.add('count:start');
      try {
        for (let i = 1; ; i++) {
          yield { value: i };
          await delay(5);
        }
      } finally {
        log.add('count:finally');
      }
    },
  }),
  generator: (log: HandlerLog) => ({
    ...coroutineHandlers(log),
    *count(_request: Msg, stream: NumbersServerStream): Operation<void> {
      log.add('count:start');
      try {
        for (let i = 1; ; i++) {
          yield* stream.send({ value: i });
          yield* sleep(5);
        }
      } finally {
        log.add('count:finally');
      }
    },
  }),
};

describe.each([
  { handlers: 'async handlers', make: endless.async },
  { handlers: 'generator handlers', make: endless.generator },
])('server.close() mid-stream, with $handlers', ({ make }) => {
  it('server streaming: the client gets UNAVAILABLE, the handler halts', async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const stub = served.stub();
    let received = 0;
    const iterating = failure(
      (async () => {
        for await (const _ of stub.count({})) received++;
      })(),
    );
    await until(() => received >= 3, 'a few messages');
    await within(served.server.close(), LIMIT, 'server.close()');
    expectCode(await within(iterating, LIMIT, 'count'), Status.UNAVAILABLE);
    await until(() => log.has('count:finally'), 'the count handler to halt');
  });

  it('bidi: the client gets UNAVAILABLE, the handler halts', async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const stream = served.stub().echo();
    stream.write({ value: 9 });
    const iterator = stream[Symbol.asyncIterator]();
    await within(iterator.next(), LIMIT, 'first echo');
    const next = failure(iterator.next());
    await within(served.server.close(), LIMIT, 'server.close()');
    expectCode(await within(next, LIMIT, 'echo'), Status.UNAVAILABLE);
    await until(() => log.has('echo:finally'), 'the echo handler to halt');
  });
});
