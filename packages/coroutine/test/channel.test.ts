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
