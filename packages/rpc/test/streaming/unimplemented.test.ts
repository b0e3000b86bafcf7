import { afterEach, describe, expect, it } from 'vitest';
import { Client, Server, Status } from '../../src/index.js';
import { Echo, echoImplementation } from '../helpers/echo-service.js';
import {
  asyncHandlers,
  cleanUp,
  collect,
  expectCode,
  failure,
  HandlerLog,
  type Msg,
  QUIET,
  serve,
  stubOf,
  upTo,
  values,
  within,
} from './streaming-helpers.js';

// A streaming call to a method the server does not implement is answered UNIMPLEMENTED for that
// call only (PROTOCOL.md section 7): the connection stays, and the streams and calls around it go
// on undisturbed.

afterEach(cleanUp);

const LIMIT = 5000;

/** Every Numbers handler but `missing`. */
function allBut(missing: string) {
  const all: Record<string, unknown> = asyncHandlers(new HandlerLog());
  delete all[missing];
  return all;
}

/** Calls `method` of `stub` the way its kind is called; the outcome as a promise. */
function callMissing(stub: ReturnType<typeof stubOf>, method: string): Promise<unknown> {
  if (method === 'count') return collect(stub.count({ value: 3 }));
  if (method === 'add') return stub.add([{ value: 1 }, { value: 2 }]);
  return collect(stub.echo([{ value: 1 }, { value: 2 }]));
}

describe.each([
  { kind: 'server streaming', missing: 'count' },
  { kind: 'client streaming', missing: 'add' },
  { kind: 'bidi', missing: 'echo' },
])('a $kind method the server does not implement', ({ missing }) => {
  it('gets UNIMPLEMENTED for that call only: a stream in flight and other calls go on', async () => {
    const served = await serve(allBut(missing));
    const client = served.client();
    const stub = stubOf(client);
    // A stream of a method the server has, open across the failing call.
    const other = missing === 'echo' ? undefined : stub.echo();
    const otherAnswers = other?.[Symbol.asyncIterator]();
    if (other !== undefined && otherAnswers !== undefined) {
      other.write({ value: 1 });
      expect(((await within(otherAnswers.next(), LIMIT, 'echo 1')).value as Msg).value).toBe(1);
    }

    const error = await within(failure(callMissing(stub, missing)), LIMIT, missing);
    expectCode(error, Status.UNIMPLEMENTED);
    expect(error.message.toLowerCase()).toContain(missing);

    // The stream in flight carries on, on the same connection.
    if (other !== undefined && otherAnswers !== undefined) {
      other.write({ value: 2 });
      expect(((await within(otherAnswers.next(), LIMIT, 'echo 2')).value as Msg).value).toBe(2);
      other.end();
      expect((await within(otherAnswers.next(), LIMIT, 'echo end')).done).toBe(true);
    }
    // New calls of every other kind work.
    expect((await stub.double({ value: 4 })).value).toBe(8);
    if (missing !== 'count')
      expect(values(await collect(stub.count({ value: 3 })))).toEqual(upTo(3));
    if (missing !== 'add') expect((await stub.add([{ value: 5 }])).total).toBe(5);
    // And the same missing method is refused again, as itself.
    expectCode(
      await within(failure(callMissing(stub, missing)), LIMIT, missing),
      Status.UNIMPLEMENTED,
    );
    expect(served.server.connections).toBe(1);
  });
});

it('the callback of a client-streaming call to a missing method gets UNIMPLEMENTED', async () => {
  const served = await serve(allBut('add'));
  const stub = served.stub();
  const error = await within(
    new Promise<unknown>((resolve) => {
      const call = stub.add((thrown) => resolve(thrown));
      call.write({ value: 1 });
      call.end();
    }),
    LIMIT,
    'add callback',
  );
  expectCode(error, Status.UNIMPLEMENTED);
});

it('streams of a service the server does not have at all get UNIMPLEMENTED; its own calls go on', async () => {
  const server = new Server(QUIET).addService(Echo, echoImplementation({ events: [] }));
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = new Client({ host: '127.0.0.1', port }, QUIET);
  try {
    const numbers = stubOf(client);
    const echo = client.service(Echo);
    for (const method of ['count', 'add', 'echo']) {
      const error = await within(failure(callMissing(numbers, method)), LIMIT, method);
      expectCode(error, Status.UNIMPLEMENTED);
      expect((await echo.echo({ text: method })).text).toBe(method);
    }
    expect(server.connections).toBe(1);
  } finally {
    await client.close();
    await server.close();
  }
});
