import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallContext,
  type ClientInterceptor,
  RpcError,
  type ServerInterceptor,
  Status,
} from '../../src/index.js';
import {
  asyncHandlers,
  cleanUp,
  collect,
  coroutineHandlers,
  expectCode,
  failure,
  HandlerLog,
  type Msg,
  serve,
  until,
  upTo,
  values,
  within,
} from './streaming-helpers.js';

// Interceptors see streams. On the server, `request` is the request (server streaming) or the
// requests as an AsyncIterable (client streaming, bidi), and `next` resolves with the response or,
// for a response stream, an AsyncIterable of the responses: an interceptor that wraps both sees
// every message in and out. On the client, an interceptor sees each streaming call (its method and
// options) and may add metadata or refuse it.

afterEach(cleanUp);

const LIMIT = 5000;

interface Tally {
  readonly calls: string[];
  in: number;
  out: number;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** A server interceptor counting every message in and out, by wrapping the streams. */
function counting(tally: Tally): ServerInterceptor {
  async function* countIn(requests: AsyncIterable<unknown>): AsyncGenerator<unknown> {
    for await (const request of requests) {
      tally.in++;
      yield request;
    }
  }
  async function* countOut(responses: AsyncIterable<unknown>): AsyncGenerator<unknown> {
    for await (const response of responses) {
      tally.out++;
      yield response;
    }
  }
  return async (request: unknown, context: CallContext, next) => {
    tally.calls.push(context.method);
    let input = request;
    if (isAsyncIterable(request)) input = countIn(request);
    else tally.in++;
    const result = await next(input);
    if (isAsyncIterable(result)) return countOut(result);
    // The one response of a client-streaming call (a generator handler of a response stream
    // sends its responses through its stream itself, and resolves with nothing).
    if (result !== undefined) tally.out++;
    return result;
  };
}

describe.each([
  // Responses out: what the interceptor saw leave, per kind; a generator handler sends the
  // messages of a response stream through its own stream (`yield* stream.send`), past the chain.
  { handlers: 'async handlers', make: asyncHandlers, out: { count: 6, add: 1, echo: 5 } },
  { handlers: 'generator handlers', make: coroutineHandlers, out: { count: 0, add: 1, echo: 0 } },
])('a server interceptor wrapping the streams, with $handlers', ({ make, out }) => {
  async function numbers() {
    const tally: Tally = { calls: [], in: 0, out: 0 };
    const log = new HandlerLog();
    const served = await serve(make(log), { interceptors: [counting(tally)] });
    return { stub: served.stub(), tally, log };
  }

  it('server streaming: one request in, the responses out', async () => {
    const { stub, tally } = await numbers();
    expect(values(await within(collect(stub.count({ value: 6 })), LIMIT, 'count'))).toEqual(
      upTo(6),
    );
    expect(tally).toEqual({ calls: ['/yrpc.test.streams.Numbers/Count'], in: 1, out: out.count });
  });

  it('client streaming: every request in (a generator handler too), one response out', async () => {
    const { stub, tally } = await numbers();
    const sum = await within(stub.add(upTo(7).map((value) => ({ value }))), LIMIT, 'add');
    expect(sum).toMatchObject({ total: 28, count: 7 });
    expect(tally).toEqual({ calls: ['/yrpc.test.streams.Numbers/Add'], in: 7, out: out.add });
  });

  it('bidi: every request in (a generator handler too), the responses out', async () => {
    const { stub, tally } = await numbers();
    const requests: Msg[] = upTo(5).map((value) => ({ value }));
    expect(values(await within(collect(stub.echo(requests)), LIMIT, 'echo'))).toEqual(upTo(5));
    expect(tally).toEqual({ calls: ['/yrpc.test.streams.Numbers/Echo'], in: 5, out: out.echo });
  });

  it('leaving a for await early still stops the handler behind the interceptor', async () => {
    const { stub, log } = await numbers();
    for await (const message of stub.count({ value: 1_000_000 })) {
      if (message.value === 3) break;
    }
    await until(() => log.has('count:finally'), 'the handler to stop');
  });
});

describe('a client interceptor', () => {
  function watching(seen: string[]): ClientInterceptor {
    return async (request, options, call, next) => {
      seen.push(call.method.path);
      const outcome = await next(request, {
        ...options,
        metadata: { ...options.metadata, via: 'interceptor' },
      });
      seen.push(`${call.method.path} ${isAsyncIterable(outcome) ? 'stream' : 'response'}`);
      return outcome;
    };
  }

  /** Handlers that answer with the `via` metadata they received. */
  const reporting = {
    async *count(request: Msg, context: CallContext) {
      context.setHeader('via', context.metadata.via ?? '-');
      for (let i = 1; i <= (request.value ?? 0); i++) yield { value: i };
    },
    async add(requests: AsyncIterable<Msg>, context: CallContext) {
      let total = 0;
      for await (const request of requests) total += request.value ?? 0;
      context.setTrailer('via', context.metadata.via ?? '-');
      return { total };
    },
    async *echo(requests: AsyncIterable<Msg>, context: CallContext) {
      context.setHeader('via', context.metadata.via ?? '-');
      for await (const request of requests) yield request;
    },
  };

  it('sees every streaming call, and the metadata it adds reaches the handler', async () => {
    const seen: string[] = [];
    const served = await serve(reporting);
    const stub = served.stub({ interceptors: [watching(seen)] });

    const counted = stub.count({ value: 2 });
    expect(values(await within(collect(counted), LIMIT, 'count'))).toEqual([1, 2]);
    expect(counted.headers).toEqual({ via: 'interceptor' });

    let trailers: Record<string, string> | undefined;
    const sum = await within(
      stub.add([{ value: 3 }, { value: 4 }], {
        onMetadata: (_headers, received) => {
          trailers = received;
        },
      }),
      LIMIT,
      'add',
    );
    expect(sum.total).toBe(7);
    expect(trailers).toEqual({ via: 'interceptor' });

    const echoed = stub.echo([{ value: 9 }]);
    expect(values(await within(collect(echoed), LIMIT, 'echo'))).toEqual([9]);
    expect(echoed.headers).toEqual({ via: 'interceptor' });

    expect(seen).toEqual([
      '/yrpc.test.streams.Numbers/Count',
      '/yrpc.test.streams.Numbers/Count stream',
      '/yrpc.test.streams.Numbers/Add',
      '/yrpc.test.streams.Numbers/Add response',
      '/yrpc.test.streams.Numbers/Echo',
      '/yrpc.test.streams.Numbers/Echo stream',
    ]);
  });

  it('refusing a streaming call fails the stream with its error', async () => {
    const served = await serve(reporting);
    const refuse: ClientInterceptor = async () => {
      throw new RpcError(Status.PERMISSION_DENIED, 'not from this client');
    };
    const stub = served.stub({ interceptors: [refuse] });
    expectCode(
      await within(failure(collect(stub.count({ value: 2 }))), LIMIT, 'count'),
      Status.PERMISSION_DENIED,
    );
    expectCode(
      await within(failure(stub.add([{ value: 1 }])), LIMIT, 'add'),
      Status.PERMISSION_DENIED,
    );
    expectCode(
      await within(failure(collect(stub.echo([{ value: 1 }]))), LIMIT, 'echo'),
      Status.PERMISSION_DENIED,
    );
  });
});
