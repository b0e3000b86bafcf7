import { afterEach, describe, expect, it } from 'vitest';
import { type CallContext, type Operation, Status, sleep } from '../../src/index.js';
import {
  abortableDelay,
  cleanUp,
  collect,
  expectCode,
  failure,
  HandlerLog,
  type Msg,
  type NumbersServerStream,
  type NumbersStub,
  serve,
  until,
  within,
} from './streaming-helpers.js';

// Concurrency limits count streams: with maxConcurrentCallsPerConnection 2, two streams in flight
// fill the connection, and a third call of any streaming kind is refused at once with
// RESOURCE_EXHAUSTED, while the two go on. Once one ends, a new stream is taken again.

afterEach(cleanUp);

const LIMIT = 5000;
const limited = { maxConcurrentCallsPerConnection: 2 } as const;

/** Handlers that run until cancelled (Count, Echo) or until the requests end (Add). */
function holdingAsync(log: HandlerLog) {
  return {
    async *count(_request: Msg, context: CallContext) {
      log.add('count:start');
      try {
        for (let i = 1; ; i++) {
          yield { value: i };
          await abortableDelay(10, context.signal);
        }
      } finally {
        log.add('count:finally');
      }
    },
    async add(requests: AsyncIterable<Msg>) {
      log.add('add:start');
      let count = 0;
      for await (const _ of requests) count++;
      return { count };
    },
    async *echo(requests: AsyncIterable<Msg>) {
      log.add('echo:start');
      for await (const request of requests) yield request;
    },
  };
}

function holdingCoroutines(log: HandlerLog) {
  return {
    *count(_request: Msg, stream: NumbersServerStream): Operation<void> {
      log.add('count:start');
      try {
        for (let i = 1; ; i++) {
          yield* stream.send({ value: i });
          yield* sleep(10);
        }
      } finally {
        log.add('count:finally');
      }
    },
    *add(stream: NumbersServerStream): Operation<Msg> {
      log.add('add:start');
      let count = 0;
      while ((yield* stream.receive()) !== undefined) count++;
      return { count };
    },
    *echo(stream: NumbersServerStream): Operation<void> {
      log.add('echo:start');
      for (let request = yield* stream.receive(); request !== undefined; ) {
        yield* stream.send(request);
        request = yield* stream.receive();
      }
    },
  };
}

/** A third call of `kind`, as a promise of its outcome. */
function third(stub: NumbersStub, kind: string): Promise<unknown> {
  if (kind === 'count') return collect(stub.count({}));
  if (kind === 'add') return stub.add([{ value: 1 }]);
  return collect(stub.echo([{ value: 1 }]));
}

describe.each([
  { handlers: 'async handlers', make: holdingAsync },
  { handlers: 'generator handlers', make: holdingCoroutines },
])('maxConcurrentCallsPerConnection 2, with $handlers', ({ make }) => {
  it.each(['count', 'add', 'echo'])(
    'two streams in flight: a third %s call gets RESOURCE_EXHAUSTED, the two go on',
    async (kind) => {
      const log = new HandlerLog();
      const served = await serve(make(log), limited);
      const stub = served.stub();
      // Two streams that stay open: a server stream and a bidi stream.
      const counting = stub.count({});
      const counted = counting[Symbol.asyncIterator]();
      await within(counted.next(), LIMIT, 'the first stream');
      const echoing = stub.echo();
      const echoed = echoing[Symbol.asyncIterator]();
      echoing.write({ value: 1 });
      await within(echoed.next(), LIMIT, 'the second stream');

      const error = await within(failure(third(stub, kind)), LIMIT, `the third (${kind})`);
      expectCode(error, Status.RESOURCE_EXHAUSTED);
      expect(error.message).toContain('maxConcurrentCallsPerConnection');

      // The two streams are undisturbed.
      expect((await within(counted.next(), LIMIT, 'count on')).done).toBe(false);
      echoing.write({ value: 2 });
      expect(((await within(echoed.next(), LIMIT, 'echo on')).value as Msg).value).toBe(2);

      // One ends: a new stream is taken again.
      await counted.return?.();
      await until(() => log.has('count:finally'), 'the first stream to end on the server');
      const again = stub.count({});
      for await (const message of again) {
        expect(message.value).toBe(1);
        break;
      }
      echoing.end();
      expect((await within(echoed.next(), LIMIT, 'echo end')).done).toBe(true);
    },
  );
});

it('a client-streaming handler written as a plain function counts against the limit too', async () => {
  const served = await serve(
    {
      // A plain function returning a promise: its call outlives the REQUEST frame like any stream.
      add(requests: AsyncIterable<Msg>) {
        return (async () => {
          let count = 0;
          for await (const _ of requests) count++;
          return { count };
        })();
      },
    },
    limited,
  );
  const stub = served.stub();
  const open = [stub.add(() => {}), stub.add(() => {})];
  for (const call of open) call.write({ value: 1 });
  // Both are running on the server (each had its first request taken) before the third comes.
  await within(
    Promise.all(open.map((call) => call.sendAsync({ value: 2 }))),
    LIMIT,
    'the two calls',
  );
  const error = await within(failure(stub.add([{ value: 1 }])), LIMIT, 'the third');
  expectCode(error, Status.RESOURCE_EXHAUSTED);
  for (const call of open) call.end();
});
