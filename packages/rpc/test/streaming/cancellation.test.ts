import { afterEach, describe, expect, it } from 'vitest';
import { type CallContext, type Operation, RpcError, run, Status, sleep } from '../../src/index.js';
import {
  cleanUp,
  delay,
  expectCode,
  failure,
  HandlerLog,
  type Msg,
  type NumbersServerStream,
  serve,
  until,
  values,
  within,
} from './streaming-helpers.js';

// Cancelling a stream from either side. The client gives up (leaves its `for await` by break,
// return or an exception; calls cancel(); aborts its signal; halts its coroutine): the server's
// handler is stopped, its `finally` runs and its call's signal aborts. The server's handler throws
// in the middle of its stream: the client's iteration throws the handler's status, with its
// message and trailers, after the messages sent before it.

afterEach(cleanUp);

const LIMIT = 5000;

/** Handlers that never end on their own: Count counts forever, Echo and Add wait for more. */
function endlessAsync(log: HandlerLog) {
  return {
    async *count(_request: Msg, context: CallContext) {
      log.add('count:start');
      try {
        for (let i = 1; ; i++) {
          yield { value: i };
          await delay(1);
        }
      } finally {
        log.add(`count:finally aborted=${context.signal.aborted}`);
      }
    },
    async add(requests: AsyncIterable<Msg>, context: CallContext) {
      log.add('add:start');
      try {
        let count = 0;
        for await (const _ of requests) count++;
        return { count };
      } finally {
        log.add(`add:finally aborted=${context.signal.aborted}`);
      }
    },
    async *echo(requests: AsyncIterable<Msg>, context: CallContext) {
      log.add('echo:start');
      try {
        for await (const request of requests) yield { value: request.value };
      } finally {
        log.add(`echo:finally aborted=${context.signal.aborted}`);
      }
    },
  };
}

function endlessCoroutines(log: HandlerLog) {
  return {
    *count(_request: Msg, stream: NumbersServerStream): Operation<void> {
      log.add('count:start');
      try {
        for (let i = 1; ; i++) {
          yield* stream.send({ value: i });
          yield* sleep(1);
        }
      } finally {
        log.add(`count:finally aborted=${stream.signal.aborted}`);
      }
    },
    *add(stream: NumbersServerStream): Operation<Msg> {
      log.add('add:start');
      try {
        let count = 0;
        while ((yield* stream.receive()) !== undefined) count++;
        return { count };
      } finally {
        log.add(`add:finally aborted=${stream.signal.aborted}`);
      }
    },
    *echo(stream: NumbersServerStream): Operation<void> {
      log.add('echo:start');
      try {
        for (let request = yield* stream.receive(); request !== undefined; ) {
          yield* stream.send({ value: request.value });
          request = yield* stream.receive();
        }
      } finally {
        log.add(`echo:finally aborted=${stream.signal.aborted}`);
      }
    },
  };
}

/** Waits until the handler of `method` ran its `finally` with its call's signal aborted. */
function stopped(log: HandlerLog, method: string): Promise<void> {
  return until(
    () => log.has(`${method}:finally aborted=true`),
    `the ${method} handler's finally with its signal aborted (log: ${log.events.join(', ')})`,
  );
}

describe.each([
  { handlers: 'async handlers', make: endlessAsync },
  { handlers: 'generator handlers', make: endlessCoroutines },
])('the client gives up, with $handlers', ({ make }) => {
  async function numbers() {
    const log = new HandlerLog();
    const served = await serve(make(log));
    return { stub: served.stub(), log };
  }

  it('break in for await: the handler is stopped, its finally runs, its signal aborts', async () => {
    const { stub, log } = await numbers();
    const got: number[] = [];
    await within(
      (async () => {
        for await (const message of stub.count({})) {
          got.push(message.value);
          if (got.length === 3) break;
        }
      })(),
      LIMIT,
      'for await with break',
    );
    expect(got).toEqual([1, 2, 3]);
    await stopped(log, 'count');
    expect(log.count('count:start')).toBe(1);
  });

  it('return from inside for await: the same', async () => {
    const { stub, log } = await numbers();
    const firstTwo = async (): Promise<number[]> => {
      const got: number[] = [];
      for await (const message of stub.count({})) {
        got.push(message.value);
        if (got.length === 2) return got;
      }
      return got;
    };
    expect(await within(firstTwo(), LIMIT, 'return')).toEqual([1, 2]);
    await stopped(log, 'count');
  });

  it('an exception thrown in the for await body: it reaches the caller, the handler stops', async () => {
    const { stub, log } = await numbers();
    const mine = new Error('the caller failed');
    const thrown = await within(
      (async () => {
        try {
          for await (const message of stub.count({})) {
            if (message.value === 2) throw mine;
          }
        } catch (error) {
          return error;
        }
        return undefined;
      })(),
      LIMIT,
      'throw',
    );
    expect(thrown).toBe(mine);
    await stopped(log, 'count');
  });

  it('cancel(): the iteration throws CANCELLED, the handler stops', async () => {
    const { stub, log } = await numbers();
    const stream = stub.count({});
    const got: number[] = [];
    const error = await within(
      failure(
        (async () => {
          for await (const message of stream) {
            got.push(message.value);
            if (got.length === 2) stream.cancel();
          }
        })(),
      ),
      LIMIT,
      'cancel',
    );
    expectCode(error, Status.CANCELLED);
    expect(got).toEqual([1, 2]);
    expect(stream.ended).toBe(true);
    await stopped(log, 'count');
  });

  it('aborting the signal: the iteration throws CANCELLED, the handler stops', async () => {
    const { stub, log } = await numbers();
    const controller = new AbortController();
    const got: number[] = [];
    const error = await within(
      failure(
        (async () => {
          for await (const message of stub.count({}, { signal: controller.signal })) {
            got.push(message.value);
            if (got.length === 4) controller.abort(new Error('enough'));
          }
        })(),
      ),
      LIMIT,
      'abort',
    );
    expectCode(error, Status.CANCELLED);
    expect(error.message).toContain('enough');
    expect(got).toEqual([1, 2, 3, 4]);
    await stopped(log, 'count');
  });

  it('halting the coroutine while it waits in receive cancels the call', async () => {
    const { stub, log } = await numbers();
    let received = 0;
    const task = run(function* () {
      const stream = yield* stub.echo.co();
      yield* stream.send({ value: 1 });
      yield* stream.receive();
      received++;
      // Waits for an answer to a request never sent.
      yield* stream.receive();
      received++;
    });
    await until(() => received === 1, 'the first answer');
    await within(Promise.resolve(task.halt()), LIMIT, 'halt');
    expect(received).toBe(1);
    await stopped(log, 'echo');
  });

  it('bidi: break while the handler waits for requests stops it', async () => {
    const { stub, log } = await numbers();
    const stream = stub.echo();
    stream.write({ value: 7 });
    for await (const message of stream) {
      expect(message.value).toBe(7);
      break;
    }
    await stopped(log, 'echo');
  });

  it('client streaming: aborting the signal rejects with CANCELLED and stops the handler', async () => {
    const { stub, log } = await numbers();
    const controller = new AbortController();
    async function* forever(): AsyncGenerator<Msg> {
      for (let i = 1; ; i++) {
        yield { value: i };
        await delay(2);
      }
    }
    const response = stub.add(forever(), { signal: controller.signal });
    await until(() => log.has('add:start'), 'the add handler to start');
    await delay(20);
    controller.abort();
    expectCode(await within(failure(response), LIMIT, 'add abort'), Status.CANCELLED);
    await stopped(log, 'add');
  });

  it('after a cancel the connection serves the next stream', async () => {
    const { stub, log } = await numbers();
    for await (const _ of stub.count({})) break;
    await stopped(log, 'count');
    const again: number[] = [];
    for await (const message of stub.count({})) {
      again.push(message.value);
      if (again.length === 3) break;
    }
    expect(again).toEqual([1, 2, 3]);
  });
});

/** Handlers that fail after two messages, having set a trailer. */
function failingAsync(thrown: () => unknown) {
  return {
    async *count(_request: Msg, context: CallContext) {
      yield { value: 1 };
      yield { value: 2 };
      context.setTrailer('why', 'mid-stream');
      throw thrown();
    },
    async add(requests: AsyncIterable<Msg>, context: CallContext) {
      let count = 0;
      for await (const _ of requests) {
        if (++count === 2) {
          context.setTrailer('why', 'mid-stream');
          throw thrown();
        }
      }
      return { count };
    },
    async *echo(requests: AsyncIterable<Msg>, context: CallContext) {
      let count = 0;
      for await (const request of requests) {
        yield { value: request.value };
        if (++count === 2) {
          context.setTrailer('why', 'mid-stream');
          throw thrown();
        }
      }
    },
  };
}

function failingCoroutines(thrown: () => unknown) {
  return {
    *count(_request: Msg, stream: NumbersServerStream): Operation<void> {
      yield* stream.send({ value: 1 });
      yield* stream.send({ value: 2 });
      stream.setTrailer('why', 'mid-stream');
      throw thrown();
    },
    *add(stream: NumbersServerStream): Operation<Msg> {
      let count = 0;
      while ((yield* stream.receive()) !== undefined) {
        if (++count === 2) {
          stream.setTrailer('why', 'mid-stream');
          throw thrown();
        }
      }
      return { count };
    },
    *echo(stream: NumbersServerStream): Operation<void> {
      let count = 0;
      for (let request = yield* stream.receive(); request !== undefined; ) {
        yield* stream.send({ value: request.value });
        if (++count === 2) {
          stream.setTrailer('why', 'mid-stream');
          throw thrown();
        }
        request = yield* stream.receive();
      }
    },
  };
}

const trailer = (error: RpcError) => error.metadata.find((entry) => entry.key === 'why')?.value;

describe.each([
  { handlers: 'async handlers', make: failingAsync },
  { handlers: 'generator handlers', make: failingCoroutines },
])('the server handler throws mid-stream, with $handlers', ({ make }) => {
  const refused = () => new RpcError(Status.FAILED_PRECONDITION, 'no more numbers today');

  it('server streaming: the messages before it, then its code, message and trailers', async () => {
    const { stub } = await serve(make(refused)).then((served) => ({ stub: served.stub() }));
    const got: Msg[] = [];
    const error = await within(
      failure(
        (async () => {
          for await (const message of stub.count({})) got.push(message);
        })(),
      ),
      LIMIT,
      'count',
    );
    expect(values(got)).toEqual([1, 2]);
    expectCode(error, Status.FAILED_PRECONDITION);
    expect(error.message).toContain('no more numbers today');
    expect(trailer(error)).toBe('mid-stream');
  });

  it('client streaming: the promise rejects with its code, message and trailers', async () => {
    const served = await serve(make(refused));
    const error = await within(
      failure(served.stub().add([{ value: 1 }, { value: 2 }, { value: 3 }])),
      LIMIT,
      'add',
    );
    expectCode(error, Status.FAILED_PRECONDITION);
    expect(error.message).toContain('no more numbers today');
    expect(trailer(error)).toBe('mid-stream');
  });

  it('bidi: the answers before it, then its code, message and trailers', async () => {
    const served = await serve(make(refused));
    const got: Msg[] = [];
    const error = await within(
      failure(
        (async () => {
          const requests = [{ value: 5 }, { value: 6 }, { value: 7 }];
          for await (const message of served.stub().echo(requests)) got.push(message);
        })(),
      ),
      LIMIT,
      'echo',
    );
    expect(values(got)).toEqual([5, 6]);
    expectCode(error, Status.FAILED_PRECONDITION);
    expect(trailer(error)).toBe('mid-stream');
  });

  it('an error that is not an RpcError reaches the client as INTERNAL with its message', async () => {
    const served = await serve(make(() => new TypeError('the handler tripped')));
    const stub = served.stub();
    const error = await within(failure(collectAll(stub.count({}))), LIMIT, 'count');
    expectCode(error, Status.INTERNAL);
    expect(error.message).toContain('the handler tripped');
    // The connection carries on.
    expectCode(await within(failure(stub.add([{}, {}])), LIMIT, 'add'), Status.INTERNAL);
  });
});

async function collectAll(stream: AsyncIterable<Msg>): Promise<void> {
  for await (const _ of stream) {
    // drained
  }
}
