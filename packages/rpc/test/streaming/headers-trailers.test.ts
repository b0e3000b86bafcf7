import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallContext,
  type Metadata,
  type Operation,
  RpcError,
  run,
  Status,
} from '../../src/index.js';
import {
  cleanUp,
  collect,
  HandlerLog,
  type Msg,
  type NumbersServerStream,
  serve,
  values,
  within,
} from './streaming-helpers.js';

// Response headers travel in the RESPONSE that opens a response stream, before its first message;
// trailers in the STREAM_END that closes it (PROTOCOL.md section 7). The request metadata reaches
// the handler. Both handler shapes, every client style.

afterEach(cleanUp);

const LIMIT = 5000;

/** Handlers that read a request header, set a response header and a trailer. */
function asyncHandlers(log: HandlerLog) {
  return {
    async *count(request: Msg, context: CallContext) {
      log.add(`count:metadata ${context.metadata.who ?? '-'}`);
      context.setHeader('phase', 'before-first');
      for (let i = 1; i <= (request.value ?? 0); i++) {
        yield { value: i };
        if (i === 1) {
          // Too late for a header: it left with the first message.
          try {
            context.setHeader('late', 'x');
          } catch (error) {
            log.add(`late header: ${(error as RpcError).code}`);
          }
        }
      }
      context.setTrailer('sum', String(((request.value ?? 0) * ((request.value ?? 0) + 1)) / 2));
    },
    async add(requests: AsyncIterable<Msg>, context: CallContext) {
      context.setHeader('phase', 'before-answer');
      let total = 0;
      for await (const request of requests) total += request.value ?? 0;
      context.setTrailer('total', String(total));
      return { total };
    },
    async *echo(requests: AsyncIterable<Msg>, context: CallContext) {
      context.setHeader('phase', 'before-first');
      let count = 0;
      for await (const request of requests) {
        count++;
        yield request;
      }
      context.setTrailer('count', String(count));
    },
  };
}

function coroutineHandlers(log: HandlerLog) {
  return {
    *count(request: Msg, stream: NumbersServerStream): Operation<void> {
      log.add(`count:metadata ${stream.metadata.who ?? '-'}`);
      stream.setHeader('phase', 'before-first');
      for (let i = 1; i <= (request.value ?? 0); i++) {
        yield* stream.send({ value: i });
        if (i === 1) {
          try {
            stream.setHeader('late', 'x');
          } catch (error) {
            log.add(`late header: ${(error as RpcError).code}`);
          }
        }
      }
      stream.setTrailer('sum', String(((request.value ?? 0) * ((request.value ?? 0) + 1)) / 2));
    },
    *add(stream: NumbersServerStream): Operation<Msg> {
      stream.setHeader('phase', 'before-answer');
      let total = 0;
      for (let request = yield* stream.receive(); request !== undefined; ) {
        total += request.value ?? 0;
        request = yield* stream.receive();
      }
      stream.setTrailer('total', String(total));
      return { total };
    },
    *echo(stream: NumbersServerStream): Operation<void> {
      stream.setHeader('phase', 'before-first');
      let count = 0;
      for (let request = yield* stream.receive(); request !== undefined; ) {
        count++;
        yield* stream.send(request);
        request = yield* stream.receive();
      }
      stream.setTrailer('count', String(count));
    },
  };
}

describe.each([
  { handlers: 'async handlers', make: asyncHandlers },
  { handlers: 'generator handlers', make: coroutineHandlers },
])('headers and trailers, with $handlers', ({ make }) => {
  async function numbers() {
    const log = new HandlerLog();
    const served = await serve(make(log));
    return { stub: served.stub(), log };
  }

  it('server streaming: the headers are there at the first message, the trailers at the end', async () => {
    const { stub, log } = await numbers();
    let told: { headers: Metadata; trailers: Metadata } | undefined;
    const stream = stub.count(
      { value: 3 },
      {
        metadata: { who: 'tester' },
        onMetadata: (headers, trailers) => {
          told = { headers, trailers };
        },
      },
    );
    expect(stream.headers).toBeUndefined();
    const got: number[] = [];
    await within(
      (async () => {
        for await (const message of stream) {
          if (got.length === 0) {
            expect(stream.headers).toEqual({ phase: 'before-first' });
          }
          got.push(message.value);
        }
      })(),
      LIMIT,
      'count',
    );
    expect(got).toEqual([1, 2, 3]);
    expect(stream.trailers).toEqual({ sum: '6' });
    expect(told).toEqual({ headers: { phase: 'before-first' }, trailers: { sum: '6' } });
    expect(log.events).toContain('count:metadata tester');
    expect(log.events).toContain(`late header: ${Status.FAILED_PRECONDITION}`);
  });

  it("events: 'headers' comes before the first 'data'", async () => {
    const { stub } = await numbers();
    const stream = stub.count({ value: 2 });
    const order = await within(
      new Promise<string[]>((resolve, reject) => {
        const seen: string[] = [];
        stream.on('headers', (headers: Metadata) => seen.push(`headers ${headers.phase}`));
        stream.on('data', (message: Msg) => seen.push(`data ${message.value}`));
        stream.on('end', () => resolve(seen));
        stream.on('error', reject);
      }),
      LIMIT,
      'count events',
    );
    expect(order).toEqual(['headers before-first', 'data 1', 'data 2']);
    expect(stream.trailers).toEqual({ sum: '3' });
  });

  it('an empty response stream still carries its headers and trailers', async () => {
    const { stub } = await numbers();
    const stream = stub.count({ value: 0 });
    expect(await within(collect(stream), LIMIT, 'count 0')).toEqual([]);
    expect(stream.headers).toEqual({ phase: 'before-first' });
    expect(stream.trailers).toEqual({ sum: '0' });
  });

  it('bidi: headers at the first answer, trailers at the end', async () => {
    const { stub } = await numbers();
    const stream = stub.echo([{ value: 4 }, { value: 5 }]);
    let headersAtFirst: Metadata | undefined;
    const got: Msg[] = [];
    for await (const message of stream) {
      headersAtFirst ??= stream.headers;
      got.push(message);
    }
    expect(values(got)).toEqual([4, 5]);
    expect(headersAtFirst).toEqual({ phase: 'before-first' });
    expect(stream.trailers).toEqual({ count: '2' });
  });

  it('a coroutine client sees headers and trailers on its stream', async () => {
    const { stub } = await numbers();
    const task = run(function* () {
      const stream = yield* stub.echo.co();
      yield* stream.send({ value: 1 });
      yield* stream.receive();
      const headers = stream.headers;
      stream.end();
      yield* stream.receive();
      return { headers, trailers: stream.trailers };
    });
    expect(await within(task.promise, LIMIT, 'echo.co')).toEqual({
      headers: { phase: 'before-first' },
      trailers: { count: '1' },
    });
  });

  it('client streaming: headers and trailers reach onMetadata with the response', async () => {
    const { stub } = await numbers();
    let told: { headers: Metadata; trailers: Metadata } | undefined;
    const sum = await within(
      stub.add([{ value: 2 }, { value: 3 }], {
        onMetadata: (headers, trailers) => {
          told = { headers, trailers };
        },
      }),
      LIMIT,
      'add',
    );
    expect(sum.total).toBe(5);
    expect(told).toEqual({ headers: { phase: 'before-answer' }, trailers: { total: '5' } });
  });
});

it('an RpcError thrown by a handler carries its own metadata and the trailers set', async () => {
  const served = await serve({
    async *count(_request: Msg, context: CallContext) {
      yield { value: 1 };
      context.setTrailer('set', 'by-handler');
      throw new RpcError(Status.ABORTED, 'stop', { metadata: [{ key: 'own', value: 'error' }] });
    },
  });
  let error: RpcError | undefined;
  try {
    await collect(served.stub().count({}));
  } catch (thrown) {
    error = thrown as RpcError;
  }
  expect(error?.code).toBe(Status.ABORTED);
  const entries = Object.fromEntries((error?.metadata ?? []).map((e) => [e.key, e.value]));
  expect(entries).toMatchObject({ own: 'error', set: 'by-handler' });
});
