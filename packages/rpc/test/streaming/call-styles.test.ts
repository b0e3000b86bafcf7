import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import {
  asyncHandlers,
  cleanUp,
  collect,
  coroutineHandlers,
  HandlerLog,
  type Msg,
  type NumbersClientStream,
  type NumbersStub,
  serve,
  upTo,
  values,
  within,
} from './streaming-helpers.js';

// Every kind of streaming call (server streaming Count, client streaming Add, bidi Echo) in every
// call style the client offers (AsyncIterable / promise, coroutine, callback / events), against
// both shapes of server handler (async functions and generator functions), over loopback TCP.

afterEach(cleanUp);

const LIMIT = 5000;

/** The messages and the end of a stream, heard through its events. */
function heard(stream: NumbersClientStream): Promise<Msg[]> {
  return new Promise((resolve, reject) => {
    const messages: Msg[] = [];
    stream.on('data', (message: Msg) => messages.push(message));
    stream.on('end', () => resolve(messages));
    stream.on('error', reject);
  });
}

async function* slowly(items: readonly number[]): AsyncGenerator<Msg> {
  for (const value of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield { value };
  }
}

describe.each([
  { handlers: 'async handlers (async function*, async)', make: asyncHandlers },
  { handlers: 'generator handlers (function*)', make: coroutineHandlers },
])('with $handlers', ({ make }) => {
  async function numbers(): Promise<{ stub: NumbersStub; log: HandlerLog }> {
    const log = new HandlerLog();
    const served = await serve(make(log));
    return { stub: served.stub(), log };
  }

  describe('server streaming (Count)', () => {
    it('for await over the stream gets every message, then the handler finished', async () => {
      const { stub, log } = await numbers();
      const messages = await within(collect(stub.count({ value: 5 })), LIMIT, 'count');
      expect(values(messages)).toEqual(upTo(5));
      expect(log.events).toEqual(['count:start', 'count:finally']);
    });

    it('a coroutine receives every message, then undefined', async () => {
      const { stub } = await numbers();
      const task = run(function* () {
        const stream = yield* stub.count.co({ value: 4 });
        const got: number[] = [];
        for (let message = yield* stream.receive(); message !== undefined; ) {
          got.push(message.value ?? 0);
          message = yield* stream.receive();
        }
        // After the end, receive keeps answering undefined.
        expect(yield* stream.receive()).toBeUndefined();
        return got;
      });
      expect(await within(task.promise, LIMIT, 'count.co')).toEqual(upTo(4));
    });

    it("events: 'data' for each message, then 'end'", async () => {
      const { stub } = await numbers();
      const messages = await within(heard(stub.count({ value: 3 })), LIMIT, 'count events');
      expect(values(messages)).toEqual(upTo(3));
    });

    it('an empty stream ends at once', async () => {
      const { stub } = await numbers();
      expect(await within(collect(stub.count({ value: 0 })), LIMIT, 'count 0')).toEqual([]);
    });
  });

  describe('client streaming (Add)', () => {
    it('a promise of the response for an array of requests', async () => {
      const { stub, log } = await numbers();
      const sum = await within(stub.add([{ value: 1 }, { value: 2 }, { value: 3 }]), LIMIT, 'add');
      expect(sum).toMatchObject({ total: 6, count: 3 });
      expect(log.events).toEqual(['add:start', 'add:finally']);
    });

    it('a promise of the response for an AsyncIterable of requests', async () => {
      const { stub } = await numbers();
      const sum = await within(stub.add(slowly(upTo(10))), LIMIT, 'add async');
      expect(sum).toMatchObject({ total: 55, count: 10 });
    });

    it('no requests at all: the response to an empty stream', async () => {
      const { stub } = await numbers();
      const sum = await within(stub.add([]), LIMIT, 'add empty');
      expect(sum.total ?? 0).toBe(0);
      expect(sum.count ?? 0).toBe(0);
    });

    it('callback style: write, end, and the callback gets the response', async () => {
      const { stub } = await numbers();
      const sum = await within(
        new Promise<Msg>((resolve, reject) => {
          const call = stub.add((error, response) => {
            if (error) reject(error);
            else resolve(response as Msg);
          });
          call.write({ value: 10 });
          call.write({ value: 20 });
          call.end();
        }),
        LIMIT,
        'add callback',
      );
      expect(sum).toMatchObject({ total: 30, count: 2 });
    });

    it('callback style with options: stub(options, callback)', async () => {
      const { stub } = await numbers();
      const sum = await within(
        new Promise<Msg>((resolve, reject) => {
          const call = stub.add({ timeoutMs: 5000 }, (error, response) => {
            if (error) reject(error);
            else resolve(response as Msg);
          });
          for (const value of upTo(4)) call.write({ value });
          call.end();
        }),
        LIMIT,
        'add options callback',
      );
      expect(sum).toMatchObject({ total: 10, count: 4 });
    });

    it('a coroutine sends, ends, then receives the one response', async () => {
      const { stub } = await numbers();
      const task = run(function* () {
        const stream = yield* stub.add.co();
        for (const value of upTo(6)) yield* stream.send({ value });
        stream.end();
        return yield* stream.receive();
      });
      expect(await within(task.promise, LIMIT, 'add.co')).toMatchObject({ total: 21, count: 6 });
    });
  });

  describe('bidi streaming (Echo)', () => {
    it('requests as an iterable, responses by for await', async () => {
      const { stub, log } = await numbers();
      const messages = await within(
        collect(stub.echo([{ value: 1 }, { value: 2 }, { value: 3 }])),
        LIMIT,
        'echo',
      );
      expect(values(messages)).toEqual(upTo(3));
      expect(log.events).toEqual(['echo:start', 'echo:finally']);
    });

    it('requests as an AsyncIterable, responses by for await', async () => {
      const { stub } = await numbers();
      const messages = await within(collect(stub.echo(slowly(upTo(8)))), LIMIT, 'echo async');
      expect(values(messages)).toEqual(upTo(8));
    });

    it('write and end, responses by for await, each answer before the next request', async () => {
      const { stub } = await numbers();
      const stream = stub.echo();
      const iterator = stream[Symbol.asyncIterator]();
      const got: number[] = [];
      for (const value of upTo(5)) {
        stream.write({ value });
        // Ping-pong: the answer to this request comes before the next request is written.
        const next = await within(iterator.next(), LIMIT, `echo answer ${value}`);
        got.push((next.value as Msg).value);
      }
      stream.end();
      expect((await within(iterator.next(), LIMIT, 'echo end')).done).toBe(true);
      expect(got).toEqual(upTo(5));
    });

    it("events: write and end, 'data' for each response, then 'end'", async () => {
      const { stub } = await numbers();
      const stream = stub.echo();
      const messages = heard(stream);
      for (const value of upTo(4)) stream.write({ value });
      stream.end();
      expect(values(await within(messages, LIMIT, 'echo events'))).toEqual(upTo(4));
    });

    it('a coroutine sends and receives in turn, then ends and sees the end', async () => {
      const { stub } = await numbers();
      const task = run(function* () {
        const stream = yield* stub.echo.co();
        const got: number[] = [];
        for (const value of upTo(5)) {
          yield* stream.send({ value });
          got.push((yield* stream.receive())?.value);
        }
        stream.end();
        expect(yield* stream.receive()).toBeUndefined();
        return got;
      });
      expect(await within(task.promise, LIMIT, 'echo.co')).toEqual(upTo(5));
    });
  });

  it('unary calls still work next to streams on the same connection', async () => {
    const { stub } = await numbers();
    const [doubled, counted, sum] = await within(
      Promise.all([
        stub.double({ value: 21 }),
        collect(stub.count({ value: 3 })),
        stub.add([{ value: 4 }]),
      ]),
      LIMIT,
      'mixed',
    );
    expect(doubled.value).toBe(42);
    expect(values(counted)).toEqual(upTo(3));
    expect(sum.total).toBe(4);
  });
});
