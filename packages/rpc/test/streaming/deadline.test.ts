import { afterEach, describe, expect, it } from 'vitest';
import { type CallContext, type Operation, run, Status, sleep } from '../../src/index.js';
import {
  abortableDelay,
  cleanUp,
  delay,
  expectCode,
  failure,
  HandlerLog,
  type Msg,
  type NumbersServerStream,
  serve,
  until,
  within,
} from './streaming-helpers.js';

// A deadline covers the whole streaming call (PROTOCOL.md section 7): when it passes in the middle
// of a stream, the client's iteration (or promise, or receive) fails with DEADLINE_EXCEEDED and the
// server's handler is halted: its `finally` runs, its signal aborts.

afterEach(cleanUp);

const BUDGET_MS = 200;
const LIMIT = 5000;

/** Handlers that go on for longer than any budget: a message every 10 ms, or waiting for more. */
function slowAsync(log: HandlerLog) {
  return {
    async *count(_request: Msg, context: CallContext) {
      log.add(`count:start deadline=${context.deadline !== undefined}`);
      try {
        for (let i = 1; ; i++) {
          yield { value: i };
          await abortableDelay(10, context.signal);
        }
      } finally {
        log.add(`count:finally aborted=${context.signal.aborted}`);
      }
    },
    async add(requests: AsyncIterable<Msg>, context: CallContext) {
      try {
        let count = 0;
        for await (const _ of requests) count++;
        return { count };
      } finally {
        log.add(`add:finally aborted=${context.signal.aborted}`);
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

function slowCoroutines(log: HandlerLog) {
  return {
    *count(_request: Msg, stream: NumbersServerStream): Operation<void> {
      log.add(`count:start deadline=${stream.deadline !== undefined}`);
      try {
        for (let i = 1; ; i++) {
          yield* stream.send({ value: i });
          yield* sleep(10);
        }
      } finally {
        log.add(`count:finally aborted=${stream.signal.aborted}`);
      }
    },
    *add(stream: NumbersServerStream): Operation<Msg> {
      try {
        let count = 0;
        while ((yield* stream.receive()) !== undefined) count++;
        return { count };
      } finally {
        log.add(`add:finally aborted=${stream.signal.aborted}`);
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

function halted(log: HandlerLog, method: string): Promise<void> {
  return until(
    () => log.has(`${method}:finally aborted=true`),
    `the ${method} handler halted with its signal aborted (log: ${log.events.join(', ')})`,
  );
}

describe.each([
  { handlers: 'async handlers', make: slowAsync },
  { handlers: 'generator handlers', make: slowCoroutines },
])('a deadline mid-stream, with $handlers', ({ make }) => {
  async function numbers() {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const stub = await served.connectedStub();
    // A first stream, given up at once, so that the timed ones do not pay for cold code paths.
    for await (const _ of stub.count({})) break;
    await halted(log, 'count');
    log.clear();
    return { stub, log };
  }

  it('server streaming: messages until the deadline, then DEADLINE_EXCEEDED; the handler halts', async () => {
    const { stub, log } = await numbers();
    const started = Date.now();
    let received = 0;
    const error = await within(
      failure(
        (async () => {
          for await (const _ of stub.count({}, { timeoutMs: BUDGET_MS })) received++;
        })(),
      ),
      LIMIT,
      'count',
    );
    const elapsed = Date.now() - started;
    expectCode(error, Status.DEADLINE_EXCEEDED);
    // Messages flowed until the deadline, and the call failed at it, not before.
    expect(received).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThanOrEqual(BUDGET_MS - 5);
    expect(log.has('count:start deadline=true')).toBe(true);
    await halted(log, 'count');
  });

  it('an absolute deadline works the same', async () => {
    const { stub, log } = await numbers();
    const stream = stub.count({}, { deadline: Date.now() + BUDGET_MS });
    const error = await within(failure(drain(stream)), LIMIT, 'count');
    expectCode(error, Status.DEADLINE_EXCEEDED);
    await halted(log, 'count');
  });

  it('bidi: the deadline passes while the handler waits for requests', async () => {
    const { stub, log } = await numbers();
    const stream = stub.echo({ timeoutMs: BUDGET_MS });
    stream.write({ value: 1 });
    const got: number[] = [];
    const error = await within(
      failure(
        (async () => {
          for await (const message of stream) got.push(message.value);
        })(),
      ),
      LIMIT,
      'echo',
    );
    expectCode(error, Status.DEADLINE_EXCEEDED);
    expect(got).toEqual([1]);
    await halted(log, 'echo');
  });

  it('client streaming: the deadline passes while the client is still sending', async () => {
    const { stub, log } = await numbers();
    async function* trickle(): AsyncGenerator<Msg> {
      for (let i = 1; ; i++) {
        yield { value: i };
        await delay(10);
      }
    }
    const error = await within(
      failure(stub.add(trickle(), { timeoutMs: BUDGET_MS })),
      LIMIT,
      'add',
    );
    expectCode(error, Status.DEADLINE_EXCEEDED);
    await halted(log, 'add');
  });

  it('a coroutine waiting in receive gets DEADLINE_EXCEEDED', async () => {
    const { stub, log } = await numbers();
    const task = run(function* () {
      const stream = yield* stub.count.co({}, { timeoutMs: BUDGET_MS });
      for (;;) yield* stream.receive();
    });
    const error = await within(failure(task.promise), LIMIT, 'count.co');
    expectCode(error, Status.DEADLINE_EXCEEDED);
    await halted(log, 'count');
  });
});

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // read on
  }
}
