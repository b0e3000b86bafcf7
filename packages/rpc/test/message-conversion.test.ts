import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  loadProtoSync,
  type MessageOptions,
  PreciseDate,
  type RpcError,
  Server,
  Status,
} from '../src/index.js';
import { rejection } from './helpers/harness.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

function conversionService(messages?: MessageOptions) {
  return loadProtoSync('conversion.proto', { includeDirs: [fixtures], messages }).service(
    'yrpc.test.conversion.Conversion',
  );
}

interface Running {
  readonly client: Client;
  readonly received: unknown[];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/**
 * A real server on loopback whose Echo handler records the request it got and answers with
 * `answer(request)` (the request itself by default).
 */
async function start(
  options: {
    service?: ReturnType<typeof conversionService>;
    server?: MessageOptions;
    client?: MessageOptions;
    answer?: (request: unknown) => unknown;
  } = {},
): Promise<Running> {
  const received: unknown[] = [];
  const service = options.service ?? conversionService();
  const server = new Server(options.server === undefined ? {} : { messages: options.server });
  server.addService(service, {
    echo(request: unknown) {
      received.push(request);
      return options.answer === undefined ? request : options.answer(request);
    },
  });
  const bound = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = new Client(
    { host: '127.0.0.1', port: bound.port ?? 0 },
    options.client === undefined ? {} : { messages: options.client },
  );
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { client, received };
}

type Echo = (request: unknown) => Promise<Record<string, unknown>>;

function echoOf(running: Running): Echo {
  return running.client.service(conversionService()).echo as Echo;
}

describe('message conversion between a real client and server', () => {
  it('keeps every value the issue found changed on the way', async () => {
    const running = await start();
    const at = new Date(Date.UTC(2026, 11, 5, 12, 30, 15, 250));
    const reply = await echoOf(running)({
      color: 'RED',
      at,
      attributes: { region: 'eu', weight: 1.5, tags: ['a', null, true], nested: { deep: {} } },
      anInt64: 9007199254740993n,
      aSint64: -5n,
      free_reason: 'quota',
      maybeInt64: 7n,
      someBytes: Buffer.from([1, 2, 3]),
    });
    const request = running.received[0] as Record<string, unknown>;
    for (const seen of [request, reply]) {
      expect(seen.color).toBe('RED');
      expect(seen.at).toBeInstanceOf(Date);
      expect((seen.at as Date).getTime()).toBe(at.getTime());
      expect(seen.attributes).toEqual({
        region: 'eu',
        weight: 1.5,
        tags: ['a', null, true],
        nested: { deep: {} },
      });
      expect(seen.anInt64).toBe(9007199254740993n);
      expect(seen.aSint64).toBe(-5n);
      expect(seen.freeReason).toBe('quota');
      expect(seen.maybeInt64).toBe(7n);
      expect([...(seen.someBytes as Uint8Array)]).toEqual([1, 2, 3]);
      // Plain objects, defaults included, nothing on a prototype.
      expect(Object.getPrototypeOf(seen)).toBe(Object.prototype);
      expect(seen.aString).toBe('');
      expect(seen.location).toBeNull();
      expect(seen.maybeString).toBeNull();
    }
  });

  it('turns a Date answered by a handler into the Timestamp the caller receives', async () => {
    const stamp = new PreciseDate(Date.UTC(2020, 0, 1), 123_456);
    const running = await start({ answer: () => ({ at: stamp, times: [new Date(0)] }) });
    const reply = await echoOf(running)({});
    expect(reply.at).toBeInstanceOf(PreciseDate);
    expect((reply.at as PreciseDate).getTime()).toBe(stamp.getTime());
    expect((reply.at as PreciseDate).submillisecondNanos).toBe(123_456);
    expect((reply.times as Date[])[0]?.getTime()).toBe(0);
  });

  it('refuses a wrong request on the client, before sending, with the field path', async () => {
    const running = await start();
    const echo = echoOf(running);
    const cases: [unknown, string][] = [
      [{ location: { latitude: 'abc' } }, 'location.latitude: expected int32, got string "abc"'],
      [{ aString: 42 }, 'aString: expected string, got number 42'],
      [{ aUint64: -1 }, 'aUint64: expected uint64, got number -1'],
      [{ color: 'PURPLE' }, 'color: expected a yrpc.test.conversion.Color name or number'],
      [{ anInt64: 2 ** 60 }, 'anInt64: expected int64, got number 1152921504606847000'],
      [{ locatoin: {} }, 'locatoin: yrpc.test.conversion.Everything has no such field'],
      [{ chosenText: 'a', chosenNumber: 1n }, 'oneof choice may have one member set'],
      [{ counts: { a: 'x' } }, 'counts["a"]: expected int64, got string "x"'],
      [{ attributes: { when: new Date(0) } }, 'attributes["when"]: expected a JSON value'],
      [{ at: new Date(Number.NaN) }, 'at: expected a Timestamp, got an invalid Date'],
    ];
    for (const [request, message] of cases) {
      const error = await rejection(echo(request));
      expect(error.code).toBe(Status.INVALID_ARGUMENT);
      expect(error.message).toContain(message);
    }
    expect(running.received).toEqual([]);
  });

  it("answers INTERNAL naming the field when a handler's response does not fit", async () => {
    const running = await start({ answer: () => ({ child: { anInt32: 1.5 } }) });
    const error: RpcError = await rejection(echoOf(running)({}));
    expect(error.code).toBe(Status.INTERNAL);
    expect(error.message).toContain(
      'child.anInt32: expected int32, got number 1.5: not an integer',
    );
  });

  it('applies the client and server options, under the choices the service was loaded with', async () => {
    const running = await start({
      client: { longs: 'string', enums: 'number', defaults: false },
      server: { longs: 'number', wellKnownTypes: 'message' },
    });
    const reply = await echoOf(running)({ anInt64: 5n, color: 'GREEN', at: new Date(1500) });
    expect(running.received[0]).toMatchObject({
      anInt64: 5,
      color: 'GREEN',
      at: { seconds: 1, nanos: 500_000_000 },
    });
    expect(reply).toEqual({ anInt64: '5', color: 2, at: new PreciseDate(1500) });

    const pinned = await start({
      service: conversionService({ longs: 'bigint' }),
      server: { longs: 'string' },
    });
    await echoOf(pinned)({ anInt64: 5n });
    expect((pinned.received[0] as Record<string, unknown>).anInt64).toBe(5n);
  });
});
