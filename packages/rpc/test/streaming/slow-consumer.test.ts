import { afterEach, describe, expect, it } from 'vitest';
import { type CallContext, type Operation, sleep } from '../../src/index.js';
import {
  cleanUp,
  delay,
  HandlerLog,
  type Msg,
  type NumbersServerStream,
  SMALL_WINDOWS,
  serve,
  until,
  within,
} from './streaming-helpers.js';

// A slow consumer holds at most its stream window (PROTOCOL.md section 7, "Flow control"; section
// 10): a producer that sends 16 KiB messages as fast as it can, to a consumer that takes one every
// few ms, never gets further ahead of it than the window the consumer granted allows. Measured by
// counting messages (produced in the handler, consumed by the reader), not by timing.

afterEach(cleanUp);

const KiB = 1024;
const CHUNK = new Uint8Array(16 * KiB).fill(0x5a);
/** Each message is a bit more than 16 KiB encoded, so the window holds at most this many. */
const WINDOW_MESSAGES = Math.floor(SMALL_WINDOWS.streamWindow / CHUNK.length);
/**
 * Produced but not consumed, at most: the window's messages, plus the one the producer holds while
 * it waits for credit, plus one the reader has taken but not yet counted.
 */
const MAX_AHEAD = WINDOW_MESSAGES + 2;
/** Messages the slow reader takes, one every READ_EVERY_MS. */
const READS = 200;
const READ_EVERY_MS = 4;
/** Messages a fast client sends a slow server: more than its window holds. */
const SENDS = WINDOW_MESSAGES + 200;
/** The slow server takes one every SERVER_READ_EVERY_MS. */
const SERVER_READ_EVERY_MS = 1;

const flowControl = { flowControl: SMALL_WINDOWS } as const;

/** Producers as fast as the stream lets them, counting what they produce. */
function fastProducers(counter: { produced: number }, log: HandlerLog) {
  return {
    async *count(_request: Msg, context: CallContext) {
      try {
        for (;;) {
          counter.produced++;
          yield { value: counter.produced, payload: CHUNK };
        }
      } finally {
        log.add(`count:finally aborted=${context.signal.aborted}`);
      }
    },
    async *echo(_requests: AsyncIterable<Msg>, context: CallContext) {
      try {
        for (;;) {
          counter.produced++;
          yield { value: counter.produced, payload: CHUNK };
        }
      } finally {
        log.add(`echo:finally aborted=${context.signal.aborted}`);
      }
    },
  };
}

function fastCoroutineProducers(counter: { produced: number }, log: HandlerLog) {
  return {
    *count(_request: Msg, stream: NumbersServerStream): Operation<void> {
      try {
        for (;;) {
          counter.produced++;
          yield* stream.send({ value: counter.produced, payload: CHUNK });
        }
      } finally {
        log.add(`count:finally aborted=${stream.signal.aborted}`);
      }
    },
    *echo(stream: NumbersServerStream): Operation<void> {
      try {
        for (;;) {
          counter.produced++;
          yield* stream.send({ value: counter.produced, payload: CHUNK });
        }
      } finally {
        log.add(`echo:finally aborted=${stream.signal.aborted}`);
      }
    },
  };
}

describe.each([
  { handlers: 'an async function* handler', make: fastProducers },
  { handlers: 'a generator handler (stream.send)', make: fastCoroutineProducers },
])('a slow client reading what $handlers produces as fast as it can', ({ make }) => {
  it.each([
    { kind: 'server streaming (Count)', method: 'count' as const },
    { kind: 'bidi (Echo)', method: 'echo' as const },
  ])(
    '$kind: produced − consumed stays within the stream window (16 MiB / 16 KiB + 2)',
    { timeout: 20_000 },
    async ({ method }) => {
      const counter = { produced: 0 };
      const log = new HandlerLog();
      const served = await serve(make(counter, log), flowControl);
      const stub = served.stub(flowControl);
      const stream = method === 'count' ? stub.count({}) : stub.echo();
      let consumed = 0;
      let maxAhead = 0;
      await within(
        (async () => {
          for await (const message of stream) {
            consumed++;
            // In order, and nothing lost.
            expect(message.value).toBe(consumed);
            expect(message.payload?.length).toBe(CHUNK.length);
            maxAhead = Math.max(maxAhead, counter.produced - consumed);
            if (consumed === READS) break;
            await delay(READ_EVERY_MS);
          }
        })(),
        15_000,
        'the slow reader',
      );
      expect(consumed).toBe(READS);
      expect(maxAhead).toBeLessThanOrEqual(MAX_AHEAD);
      // The producer did run ahead, by most of the window: the bound above was really tested.
      expect(maxAhead).toBeGreaterThan(WINDOW_MESSAGES / 2);
      // Leaving the loop stopped the producer.
      await until(() => log.has(`${method}:finally aborted=true`), 'the producer to stop');
      const stoppedAt = counter.produced;
      await delay(50);
      expect(counter.produced).toBe(stoppedAt);
    },
  );
});

describe('a slow server reading what a client produces as fast as it can', () => {
  it('client streaming: sent − consumed stays within the server stream window', {
    timeout: 20_000,
  }, async () => {
    const counter = { produced: 0, consumed: 0, maxAhead: 0 };
    const served = await serve(
      {
        async add(requests: AsyncIterable<Msg>) {
          for await (const request of requests) {
            counter.consumed++;
            expect(request.value).toBe(counter.consumed);
            counter.maxAhead = Math.max(counter.maxAhead, counter.produced - counter.consumed);
            await delay(SERVER_READ_EVERY_MS);
          }
          return { count: counter.consumed };
        },
      },
      flowControl,
    );
    async function* fast(): AsyncGenerator<Msg> {
      for (let i = 0; i < SENDS; i++) {
        counter.produced++;
        yield { value: counter.produced, payload: CHUNK };
      }
    }
    const sum = await within(served.stub(flowControl).add(fast()), 15_000, 'add');
    expect(sum.count).toBe(SENDS);
    expect(counter.maxAhead).toBeLessThanOrEqual(MAX_AHEAD);
    expect(counter.maxAhead).toBeGreaterThan(WINDOW_MESSAGES / 2);
  });

  it('bidi with a generator handler: the client sender waits in send, never more than a window ahead', {
    timeout: 20_000,
  }, async () => {
    const counter = { sent: 0, consumed: 0, maxAhead: 0 };
    const served = await serve(
      {
        *echo(stream: NumbersServerStream): Operation<void> {
          for (let request = yield* stream.receive(); request !== undefined; ) {
            counter.consumed++;
            counter.maxAhead = Math.max(counter.maxAhead, counter.sent - counter.consumed);
            yield* sleep(SERVER_READ_EVERY_MS);
            request = yield* stream.receive();
          }
          yield* stream.send({ value: counter.consumed });
        },
      },
      flowControl,
    );
    const stream = served.stub(flowControl).echo();
    const total = SENDS;
    const sending = (async () => {
      for (let i = 1; i <= total; i++) {
        // Counted once the client lets it go (the server's credit allowed it).
        await stream.sendAsync({ value: i, payload: CHUNK });
        counter.sent++;
      }
      stream.end();
    })();
    const answers: Msg[] = [];
    await within(
      (async () => {
        for await (const message of stream) answers.push(message);
      })(),
      15_000,
      'echo',
    );
    await sending;
    expect(answers.map((m) => m.value)).toEqual([total]);
    expect(counter.maxAhead).toBeLessThanOrEqual(MAX_AHEAD);
    expect(counter.maxAhead).toBeGreaterThan(WINDOW_MESSAGES / 2);
  });
});
