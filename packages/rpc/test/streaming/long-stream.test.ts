import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import {
  asyncHandlers,
  cleanUp,
  coroutineHandlers,
  HandlerLog,
  type Msg,
  serve,
  within,
} from './streaming-helpers.js';

// 10,000 messages in one stream, each way: all of them arrive, in order, and the stream ends
// cleanly (the per-call windows are replenished many times over on the way).

afterEach(cleanUp);

const MESSAGES = 10_000;
const LIMIT = 15_000;

/** Checks `messages` are 1..n in order, failing at the first one out of place. */
function expectInOrder(messages: readonly number[], n: number): void {
  expect(messages.length).toBe(n);
  const wrong = messages.findIndex((value, index) => value !== index + 1);
  expect(wrong, `message ${wrong + 1} is ${messages[wrong]}`).toBe(-1);
}

function* numbersUpTo(n: number): Generator<Msg> {
  for (let i = 1; i <= n; i++) yield { value: i };
}

describe.each([
  { handlers: 'async handlers', make: asyncHandlers },
  { handlers: 'generator handlers', make: coroutineHandlers },
])('10,000 messages in one stream, with $handlers', ({ make }) => {
  it('server streaming: every message, in order', { timeout: 20_000 }, async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const got: number[] = [];
    await within(
      (async () => {
        for await (const message of served.stub().count({ value: MESSAGES }))
          got.push(message.value);
      })(),
      LIMIT,
      'count',
    );
    expectInOrder(got, MESSAGES);
    expect(log.events).toEqual(['count:start', 'count:finally']);
  });

  it('server streaming read by a coroutine: every message, in order', {
    timeout: 20_000,
  }, async () => {
    const served = await serve(make(new HandlerLog()));
    const stub = served.stub();
    const task = run(function* () {
      const stream = yield* stub.count.co({ value: MESSAGES });
      const got: number[] = [];
      for (let message = yield* stream.receive(); message !== undefined; ) {
        got.push(message.value);
        message = yield* stream.receive();
      }
      return got;
    });
    expectInOrder(await within(task.promise, LIMIT, 'count.co'), MESSAGES);
  });

  it('client streaming: the server sees every message', { timeout: 20_000 }, async () => {
    const served = await serve(make(new HandlerLog()));
    const sum = await within(served.stub().add(numbersUpTo(MESSAGES)), LIMIT, 'add');
    expect(sum).toMatchObject({ count: MESSAGES, total: (MESSAGES * (MESSAGES + 1)) / 2 });
  });

  it('bidi: every request echoed, in order', { timeout: 20_000 }, async () => {
    const served = await serve(make(new HandlerLog()));
    const got: number[] = [];
    await within(
      (async () => {
        for await (const message of served.stub().echo(numbersUpTo(MESSAGES))) {
          got.push(message.value);
        }
      })(),
      LIMIT,
      'echo',
    );
    expectInOrder(got, MESSAGES);
  });
});
