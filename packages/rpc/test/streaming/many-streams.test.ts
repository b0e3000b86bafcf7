import { afterEach, describe, expect, it } from 'vitest';
import {
  asyncHandlers,
  cleanUp,
  collect,
  coroutineHandlers,
  HandlerLog,
  type Msg,
  serve,
  upTo,
  values,
  within,
} from './streaming-helpers.js';

// 1,000 streams at once on one connection: each gets its own messages, in order, and nothing else;
// the server runs them all over the one connection the client opened.

afterEach(cleanUp);

const STREAMS = 1000;
const PER_STREAM = 10;
const LIMIT = 15_000;

describe.each([
  { handlers: 'async handlers', make: asyncHandlers },
  { handlers: 'generator handlers', make: coroutineHandlers },
])('1,000 concurrent streams on one connection, with $handlers', ({ make }) => {
  it('server streaming: each stream gets its messages, in order', { timeout: 20_000 }, async () => {
    const log = new HandlerLog();
    const served = await serve(make(log));
    const stub = served.stub();
    // Each stream counts to a number of its own, so that a message in the wrong stream shows.
    const results = await within(
      Promise.all(
        Array.from({ length: STREAMS }, (_, i) =>
          collect(stub.count({ value: PER_STREAM + (i % 7) })),
        ),
      ),
      LIMIT,
      'the streams',
    );
    results.forEach((messages, i) => {
      expect(values(messages)).toEqual(upTo(PER_STREAM + (i % 7)));
    });
    expect(log.count('count:start')).toBe(STREAMS);
    expect(log.count('count:finally')).toBe(STREAMS);
    expect(served.server.connections).toBe(1);
  });

  it('bidi: each stream gets the answers to its own requests', { timeout: 20_000 }, async () => {
    const served = await serve(make(new HandlerLog()));
    const stub = served.stub();
    const results = await within(
      Promise.all(
        Array.from({ length: STREAMS }, (_, i) => {
          const requests: Msg[] = upTo(PER_STREAM).map((n) => ({ value: i * 100 + n }));
          return collect(stub.echo(requests));
        }),
      ),
      LIMIT,
      'the streams',
    );
    results.forEach((messages, i) => {
      expect(values(messages)).toEqual(upTo(PER_STREAM).map((n) => i * 100 + n));
    });
    expect(served.server.connections).toBe(1);
  });

  it('client streaming: each call gets the sum of its own requests', {
    timeout: 20_000,
  }, async () => {
    const served = await serve(make(new HandlerLog()));
    const stub = served.stub();
    const sums = await within(
      Promise.all(
        Array.from({ length: STREAMS }, (_, i) =>
          stub.add(upTo(PER_STREAM).map(() => ({ value: i }))),
        ),
      ),
      LIMIT,
      'the calls',
    );
    sums.forEach((sum, i) => {
      expect(sum).toMatchObject({ count: PER_STREAM });
      expect(sum.total ?? 0).toBe(i * PER_STREAM);
    });
    expect(served.server.connections).toBe(1);
  });
});
