import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Channel, CoroutineError, run, Scheduler, spawn, yieldNow } from '../src/index.js';

describe('Channel', () => {
  it('rejects a bad capacity', () => {
    expect(() => new Channel(-1)).toThrow(CoroutineError);
    expect(() => new Channel(1.5)).toThrow(CoroutineError);
  });

  it('delivers values in order through a bounded buffer with waiting senders', async () => {
    const ch = new Channel<number>(2);
    const received = await run(function* () {
      yield* spawn(function* () {
        for (let i = 0; i < 100; i++) yield* ch.send(i);
        ch.close();
      });
      const out: number[] = [];
      for (;;) {
        const r = yield* ch.next();
        if (r.done) break;
        out.push(r.value);
      }
      return out;
    });
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('is a rendezvous with capacity 0', async () => {
    const ch = new Channel<string>(0);
    const log: string[] = [];
    await run(function* () {
      const sender = yield* spawn(function* () {
        log.push('send start');
        yield* ch.send('x');
        log.push('send done');
      });
      yield* yieldNow();
      yield* yieldNow();
      expect(log).toEqual(['send start']);
      log.push(`got ${yield* ch.receive()}`);
      yield* sender;
    });
    expect(log).toEqual(['send start', 'got x', 'send done']);
  });

  it('trySend and tryReceive never wait', () => {
    const ch = new Channel<number>(1);
    expect(ch.tryReceive()).toEqual({ done: true, value: undefined });
    expect(ch.trySend(1)).toBe(true);
    expect(ch.trySend(2)).toBe(false);
    expect(ch.size).toBe(1);
    expect(ch.tryReceive()).toEqual({ done: false, value: 1 });
  });

  it('close fails waiting senders and, once drained, receivers', async () => {
    const ch = new Channel<number>(1);
    const outcome = await run(function* () {
      yield* ch.send(1);
      const sender = yield* spawn(function* () {
        try {
          yield* ch.send(2);
          return 'sent';
        } catch (error) {
          return CoroutineError.is(error, 'channel-closed') ? 'closed' : 'other';
        }
      });
      yield* yieldNow();
      ch.close();
      const first = yield* ch.receive();
      let second = 'none';
      try {
        yield* ch.receive();
      } catch (error) {
        second = (error as CoroutineError).code;
      }
      return [yield* sender, first, second, ch.closed];
    });
    expect(outcome).toEqual(['closed', 1, 'channel-closed', true]);
    expect(() => ch.trySend(3)).toThrow(CoroutineError);
  });

  it('a receiver halted after being handed a value gives it back', () => {
    const scheduler = new Scheduler({ manual: true });
    const ch = new Channel<number>();
    const got: number[] = [];
    const halted = run(
      function* () {
        got.push(yield* ch.receive());
      },
      { scheduler },
    );
    scheduler.flush();
    expect(ch.trySend(7)).toBe(true); // handed straight to the parked receiver
    halted.halt(); // before it could run
    scheduler.flush();
    expect(halted.state).toBe('halted');
    expect(got).toEqual([]);
    expect(ch.tryReceive()).toEqual({ done: false, value: 7 });
  });

  it('a sender halted while waiting does not send', () => {
    const scheduler = new Scheduler({ manual: true });
    const ch = new Channel<number>(0);
    const sender = run(ch.send(1), { scheduler });
    scheduler.flush();
    sender.halt();
    scheduler.flush();
    expect(ch.tryReceive().done).toBe(true);
  });
});

describe('Channel under random interleavings and halts (property)', () => {
  type Action =
    | { kind: 'flush'; steps: number }
    | { kind: 'haltProducer'; index: number }
    | { kind: 'haltConsumer'; index: number };

  const action: fc.Arbitrary<Action> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flush' as const), steps: fc.nat(6) }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('haltProducer' as const), index: fc.nat(3) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('haltConsumer' as const), index: fc.nat(3) }),
    },
  );

  it('loses and duplicates no value; each producer is received in order by a lone consumer', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 3, Number.POSITIVE_INFINITY),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(action, { maxLength: 40 }),
        (capacity, producerCount, consumerCount, perProducer, actions) => {
          const scheduler = new Scheduler({ manual: true });
          const channel = new Channel<number>(capacity);
          const confirmed = new Set<number>();
          const received: number[] = [];
          const receivedBy: number[][] = [];
          const producers = Array.from({ length: producerCount }, (_, p) =>
            run(
              function* () {
                for (let i = 0; i < perProducer; i++) {
                  const value = p * 1000 + i;
                  yield* channel.send(value);
                  confirmed.add(value);
                }
              },
              { scheduler },
            ),
          );
          const consumers = Array.from({ length: consumerCount }, (_, c) => {
            receivedBy[c] = [];
            return run(
              function* () {
                for (;;) {
                  const next = yield* channel.next();
                  if (next.done) return;
                  received.push(next.value);
                  receivedBy[c]?.push(next.value);
                }
              },
              { scheduler },
            );
          });
          for (const a of actions) {
            if (a.kind === 'flush') scheduler.flush(a.steps);
            else if (a.kind === 'haltProducer') producers[a.index % producerCount]?.halt();
            else consumers[a.index % consumerCount]?.halt();
          }
          scheduler.flush();
          for (const p of producers) p.halt();
          scheduler.flush();
          channel.close();
          const drained: number[] = [];
          run(
            function* () {
              for (;;) {
                const next = yield* channel.next();
                if (next.done) return;
                drained.push(next.value);
              }
            },
            { scheduler },
          );
          scheduler.flush();
          const all = [...received, ...drained];
          expect(new Set(all).size).toBe(all.length);
          for (const value of confirmed) expect(all).toContain(value);
          for (const value of all) {
            const p = Math.floor(value / 1000);
            expect(p).toBeLessThan(producerCount);
            expect(value % 1000).toBeLessThan(perProducer);
          }
          if (consumerCount === 1 && consumers[0]?.state !== 'halted') {
            for (let p = 0; p < producerCount; p++) {
              const fromP = (receivedBy[0] ?? []).filter((v) => Math.floor(v / 1000) === p);
              expect(fromP).toEqual([...fromP].sort((a, b) => a - b));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
