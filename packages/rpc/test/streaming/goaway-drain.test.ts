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
  serve,
  stubOf,
  until,
  upTo,
  values,
  within,
} from './streaming-helpers.js';

// A graceful shutdown (GOAWAY, PROTOCOL.md section 8) drains streams: the ones in flight go on
// while the server waits, up to drainTimeoutMs; then the server closes and halts what is left
// (the handler's `finally` runs), and the client's stream ends with an error. A stream that ends
// within the drain ends normally, and the shutdown does not wait any longer than that. New streams
// are not taken.

afterEach(cleanUp);

const DRAIN_MS = 400;
const LIMIT = 5000;

/** Count and Echo; Count counts a message every 10 ms, up to `value`, or for ever when it is 0. */
function drainedAsync(log: HandlerLog) {
  return {
    async *count(request: Msg, context: CallContext) {
      log.add('count:start');
      try {
        for (let i = 1; i <= (request.value || Number.POSITIVE_INFINITY); i++) {
          yield { value: i };
          await abortableDelay(10, context.signal);
        }
        context.setTrailer('done', 'yes');
      } finally {
        log.add(`count:finally aborted=${context.signal.aborted}`);
      }
    },
    async *echo(requests: AsyncIterable<Msg>, context: CallContext) {
      try {
        for await (const request of requests) yield request;
      } finally {
        log.add(`echo:finally aborted=${context.signal.aborted}`);
      }
    },
  };
}

function drainedCoroutines(log: HandlerLog) {
  return {
    *count(request: Msg, stream: NumbersServerStream): Operation<void> {
      log.add('count:start');
      try {
        for (let i = 1; i <= (request.value || Number.POSITIVE_INFINITY); i++) {
          yield* stream.send({ value: i });
          yield* sleep(10);
        }
        stream.setTrailer('done', 'yes');
      } finally {
        log.add(`count:finally aborted=${stream.signal.aborted}`);
      }
    },
    *echo(stream: NumbersServerStream): Operation<void> {
      try {
        for (let request = yield* stream.receive(); request !== undefined; ) {
          yield* stream.send(request);
          request = yield* stream.receive();
        }
      } finally {
        log.add(`echo:finally aborted=${stream.signal.aborted}`);
      }
    },
  };
}

/**
 * Whether the handler of `method` ran its `finally`. (Not whether its signal had aborted by then:
 * a generator handler halted by the server's close runs its `finally` before its call is marked
 * cancelled.)
 */
function finallyRan(log: HandlerLog, method: string): boolean {
  return log.events.some((event) => event.startsWith(`${method}:finally`));
}

describe.each([
  { handlers: 'async handlers', make: drainedAsync },
  { handlers: 'generator handlers', make: drainedCoroutines },
])('server.shutdown({ drainTimeoutMs }) with $handlers', ({ make }) => {
  it('a stream in flight goes on through the drain, then ends with an error; its handler halts', {
    timeout: 15_000,
  }, async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const stub = served.stub();
    let received = 0;
    let receivedAtShutdown = 0;
    let endedAt = 0;
    const iterating = failure(
      (async () => {
        try {
          for await (const _ of stub.count({})) received++;
        } finally {
          endedAt = Date.now();
        }
      })(),
    );
    await until(() => received >= 3, 'the stream to flow');
    receivedAtShutdown = received;
    const shutdownAt = Date.now();
    const shutdown = served.server.shutdown({ drainTimeoutMs: DRAIN_MS });
    const error = await within(iterating, LIMIT, 'the stream to end');
    await within(shutdown, LIMIT, 'the shutdown');
    // It kept flowing during the drain, and ended only when the drain timed out.
    expect(received).toBeGreaterThan(receivedAtShutdown + 5);
    expect(endedAt - shutdownAt).toBeGreaterThanOrEqual(DRAIN_MS - 20);
    expectCode(error, Status.UNAVAILABLE);
    expect(finallyRan(log, 'count')).toBe(true);
  });

  it('bidi: requests and answers still flow during the drain; then the stream ends with an error', {
    timeout: 15_000,
  }, async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const stream = served.stub().echo();
    const answers = stream[Symbol.asyncIterator]();
    stream.write({ value: 1 });
    await within(answers.next(), LIMIT, 'echo 1');
    const shutdownAt = Date.now();
    const shutdown = served.server.shutdown({ drainTimeoutMs: DRAIN_MS });
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS / 4));
    stream.write({ value: 2 });
    expect(((await within(answers.next(), LIMIT, 'echo 2')).value as Msg).value).toBe(2);
    const error = await within(failure(answers.next()), LIMIT, 'the end');
    expect(Date.now() - shutdownAt).toBeGreaterThanOrEqual(DRAIN_MS - 20);
    expectCode(error, Status.UNAVAILABLE);
    await within(shutdown, LIMIT, 'the shutdown');
    expect(finallyRan(log, 'echo')).toBe(true);
  });

  it('a stream that ends within the drain ends normally, and the shutdown does not wait longer', {
    timeout: 15_000,
  }, async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const stream = served.stub().count({ value: 10 });
    const messages = collect(stream);
    await until(() => log.has('count:start'), 'the stream to start');
    const shutdownAt = Date.now();
    await within(served.server.shutdown({ drainTimeoutMs: 5000 }), LIMIT, 'the shutdown');
    expect(Date.now() - shutdownAt).toBeLessThan(2500);
    expect(values(await within(messages, LIMIT, 'the stream'))).toEqual(upTo(10));
    expect(stream.trailers).toEqual({ done: 'yes' });
    expect(log.has('count:finally aborted=false')).toBe(true);
  });

  it('a new stream after the GOAWAY is not taken: UNAVAILABLE', { timeout: 15_000 }, async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const client = served.client();
    const stub = stubOf(client);
    let received = 0;
    const iterating = failure(
      (async () => {
        for await (const _ of stub.count({})) received++;
      })(),
    );
    await until(() => received >= 1, 'the first stream to flow');
    const shutdown = served.server.shutdown({ drainTimeoutMs: DRAIN_MS });
    await until(() => !client.connected, 'the client to hear the GOAWAY');
    const error = await within(failure(collect(stub.count({ value: 2 }))), LIMIT, 'the new stream');
    expectCode(error, Status.UNAVAILABLE);
    expect(log.count('count:start')).toBe(1);
    await within(iterating, LIMIT, 'the first stream');
    await within(shutdown, LIMIT, 'the shutdown');
  });
});
