import { describe, expect, it } from 'vitest';
import {
  CoroutineError,
  critical,
  run,
  Scheduler,
  spawn,
  suspend,
  yieldNow,
} from '../src/index.js';

describe('critical', () => {
  it('defers a halt until the critical operation has finished', () => {
    const scheduler = new Scheduler({ manual: true });
    const log: string[] = [];
    const task = run(
      function* () {
        yield* critical(function* () {
          log.push('start');
          yield* yieldNow();
          yield* yieldNow();
          log.push('end');
        });
        log.push('after critical');
        yield* yieldNow();
        log.push('LEAKED');
      },
      { scheduler },
    );
    scheduler.flush(2);
    task.halt();
    scheduler.flush();
    expect(log).toEqual(['start', 'end', 'after critical']);
    expect(task.state).toBe('halted');
  });

  it('defers the failure of a child too, and children are halted only afterwards', () => {
    const scheduler = new Scheduler({ manual: true });
    const log: string[] = [];
    const task = run(
      function* () {
        yield* spawn(function* () {
          yield* yieldNow();
          throw new Error('child failed');
        });
        try {
          yield* critical(function* () {
            for (let i = 0; i < 3; i++) yield* yieldNow();
            log.push('critical done');
          });
          yield* suspend(() => {});
        } catch (error) {
          log.push(`caught ${(error as Error).message}`);
        }
      },
      { scheduler },
    );
    scheduler.flush();
    expect(log).toEqual(['critical done', 'caught child failed']);
    expect(task.state).toBe('done');
  });

  it('fails a task whose body ends while a child failure is deferred', () => {
    const scheduler = new Scheduler({ manual: true });
    const task = run(
      function* () {
        yield* spawn(function* () {
          yield* yieldNow();
          throw new Error('late');
        });
        yield* critical(function* () {
          for (let i = 0; i < 3; i++) yield* yieldNow();
        });
        return 'ok';
      },
      { scheduler },
    );
    task.then(
      () => undefined,
      () => undefined,
    );
    scheduler.flush();
    expect(task.state).toBe('failed');
  });

  it('needs a coroutine', () => {
    const it = critical(yieldNow())[Symbol.iterator]();
    expect(() => it.next()).toThrow(CoroutineError);
  });
});
