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

// A producer waits for credit (PROTOCOL.md section 10, "Sending"): a handler's `yield` (async
// function*) or `yield* stream.send` (generator) does not return while the client's stream window is
// spent, so against a client that reads nothing the handler's count of messages produced stops
// growing near window / message size, and grows again once the client reads. The same holds for a
// client sending to a handler that does not read.

afterEach(cleanUp);

const KiB = 1024;
const CHUNK = new Uint8Array(16 * KiB).fill(0x33);
/** Encoded, each message is a few bytes over 16 KiB: the window holds this many at most... */
const AT_MOST = Math.floor(SMALL_WINDOWS.streamWindow / CHUNK.length);
/** ...and at least this many (16 KiB + 16 bytes of field tags and lengths, generously). */
const AT_LEAST = Math.floor(SMALL_WINDOWS.streamWindow / (CHUNK.length + 16));

const flowControl = { flowControl: SMALL_WINDOWS } as const;

/** `read()` once it has not changed for `quietMs`. */
async function plateau(read: () => number, quietMs = 500, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  let value = read();
  let since = Date.now();
  for (;;) {
    await delay(20);
    const now = read();
    if (now !== value) {
      value = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs && value > 0) {
      return value;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`still changing after ${timeoutMs} ms (last ${value})`);
    }
  }
}

function producers(counter: { produced: number }, log: HandlerLog) {
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
  };
}

function coroutineProducers(counter: { produced: number }, log: HandlerLog) {
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
  };
}

describe.each([
  { handlers: 'an async function* handler (yield)', make: producers },
  { handlers: 'a generator handler (yield* stream.send)', make: coroutineProducers },
])('$handlers against a client that does not read', ({ make }) => {
  it('stops producing near window / message size, resumes when the client reads', {
    timeout: 20_000,
  }, async () => {
    const counter = { produced: 0 };
    const log = new HandlerLog();
    const served = await serve(make(counter, log), flowControl);
    const stream = served.stub(flowControl).count({});
    // Nobody reads: the producer runs into the window and waits there.
    const stalled = await plateau(() => counter.produced);
    // What the window holds, plus the one message waiting for credit in the handler's yield.
    expect(stalled).toBeGreaterThanOrEqual(AT_LEAST);
    expect(stalled).toBeLessThanOrEqual(AT_MOST + 1);

    // The client reads more than half the window: the credit goes back, the producer goes on.
    const iterator = stream[Symbol.asyncIterator]();
    const toRead = Math.ceil(AT_MOST * 0.6);
    for (let i = 1; i <= toRead; i++) {
      const next = await within(iterator.next(), 5000, `message ${i}`);
      expect((next.value as Msg).value).toBe(i);
    }
    const resumed = await plateau(() => counter.produced);
    expect(resumed).toBeGreaterThan(stalled);
    expect(resumed - toRead).toBeLessThanOrEqual(AT_MOST + 1);

    await iterator.return?.();
    await until(() => log.has('count:finally aborted=true'), 'the producer to stop');
  });
});

describe('a client producing to a handler that does not read', () => {
  it('await sendAsync stops resolving near window / message size', {
    timeout: 20_000,
  }, async () => {
    const log = new HandlerLog();
    const served = await serve(
      {
        *echo(stream: NumbersServerStream): Operation<void> {
          try {
            // Reads nothing, answers nothing, until the call ends.
            yield* sleep(60_000);
          } finally {
            log.add(`echo:finally aborted=${stream.signal.aborted}`);
          }
        },
      },
      flowControl,
    );
    const stream = served.stub(flowControl).echo();
    let sent = 0;
    const sending = (async () => {
      for (;;) {
        await stream.sendAsync({ value: sent + 1, payload: CHUNK });
        sent++;
      }
    })();
    sending.catch(() => {});
    const stalled = await plateau(() => sent);
    expect(stalled).toBeGreaterThanOrEqual(AT_LEAST - 1);
    expect(stalled).toBeLessThanOrEqual(AT_MOST);
    // The sender waiting for credit is failed when the call ends.
    stream.cancel();
    await expect(within(sending, 5000, 'the waiting send')).rejects.toMatchObject({ code: 1 });
    await until(() => log.has('echo:finally aborted=true'), 'the handler to stop');
  });

  it("write() asks the caller to wait (returns false), then 'drain' once the server reads", {
    timeout: 20_000,
  }, async () => {
    const gate = { open: false, read: 0 };
    const served = await serve(
      {
        *echo(stream: NumbersServerStream): Operation<void> {
          while (!gate.open) yield* sleep(5);
          while ((yield* stream.receive()) !== undefined) gate.read++;
          yield* stream.send({ value: gate.read });
        },
      },
      flowControl,
    );
    const stream = served.stub(flowControl).echo();
    // More than the window: the last writes wait for credit, so write() says to wait.
    const total = AT_MOST + 40;
    let accepted = true;
    for (let i = 1; i <= total; i++) accepted = stream.write({ value: i, payload: CHUNK });
    expect(accepted).toBe(false);
    const drained = new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    await delay(100);
    expect(gate.read).toBe(0);
    gate.open = true;
    await within(drained, 10_000, "'drain'");
    stream.end();
    const answers: Msg[] = [];
    for await (const answer of stream) answers.push(answer);
    expect(answers.map((m) => m.value)).toEqual([total]);
  });
});
