import { describe, expect, it } from 'vitest';
import { Channel, CoroutineError, run, Scheduler, select, spawn, yieldNow } from '../src/index.js';

describe('select', () => {
  it('takes the first ready case in list order and leaves the others untouched', async () => {
    const a = new Channel<string>();
    const b = new Channel<string>();
    a.trySend('a1');
    b.trySend('b1');
    expect(await run(select([a.receive(), b.receive()]))).toEqual({ index: 0, value: 'a1' });
    expect(await run(select([a.receive(), b.receive()]))).toEqual({ index: 1, value: 'b1' });
  });

  it('parks on every case and performs exactly one', async () => {
    const a = new Channel<number>();
    const b = new Channel<number>(0);
    const out = new Channel<number>(0);
    const result = await run(function* () {
      const selector = yield* spawn(select([a.receive(), b.receive(), out.send(99)]));
      yield* yieldNow();
      expect(b.trySend(2)).toBe(true); // handed to the parked receive case
      expect(a.trySend(1)).toBe(true); // buffered: the select already fired
      expect(out.tryReceive().done).toBe(true); // the send case was withdrawn
      return yield* selector;
    });
    expect(result).toEqual({ index: 1, value: 2 });
    expect(a.size).toBe(1);
  });

  it('a send case fires when a receiver comes', async () => {
    const out = new Channel<string>(0);
    const never = new Channel<string>();
    const result = await run(function* () {
      const selector = yield* spawn(select([never.receive(), out.send('hi')]));
      yield* yieldNow();
      const got = yield* out.receive();
      return [got, yield* selector];
    });
    expect(result).toEqual(['hi', { index: 1, value: undefined }]);
  });

  it('next() cases see a closed channel; receive() cases throw', async () => {
    const a = new Channel<number>();
    a.close();
    expect(await run(select([a.next()]))).toEqual({
      index: 0,
      value: { done: true, value: undefined },
    });
    await expect(run(select([a.receive()])).promise).rejects.toSatisfy((e) =>
      CoroutineError.is(e, 'channel-closed'),
    );
  });

  it('a select halted after a receive fired gives the value back', () => {
    const scheduler = new Scheduler({ manual: true });
    const a = new Channel<number>();
    const task = run(select([a.receive()]), { scheduler });
    scheduler.flush();
    a.trySend(5);
    task.halt();
    scheduler.flush();
    expect(task.state).toBe('halted');
    expect(a.tryReceive()).toEqual({ done: false, value: 5 });
  });

  it('rejects cases that are not channel operations', () => {
    expect(() => select([])).toThrow(CoroutineError);
    expect(() => select([yieldNow()])).toThrow(CoroutineError);
  });
});
