import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alarm, Clock } from '../src/clock.js';
import { ManualClock } from '../src/manual-clock.js';
import { PollerError } from '../src/poller-error.js';
import { TimerQueue } from '../src/timer-queue.js';

type Action =
  | { kind: 'none' }
  | { kind: 'add'; delay: number }
  | { kind: 'cancel'; target: number };
type Command =
  | { kind: 'add'; delay: number; action: Action }
  | { kind: 'cancel'; target: number }
  | { kind: 'advance'; ms: number };

interface ModelTimer {
  id: number;
  deadline: number;
  sequence: number;
  action: Action;
}

const delayArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.constantFrom(0, 5, 10),
  fc.double({ min: 0, max: 40, noNaN: true }),
);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: delayArb.map((delay) => ({ kind: 'add' as const, delay })) },
  { weight: 1, arbitrary: fc.nat(200).map((target) => ({ kind: 'cancel' as const, target })) },
);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('add' as const), delay: delayArb, action: actionArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), target: fc.nat(200) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 30 }),
    }),
  },
);

/** Runs commands on a real queue and on a sorted-list model; returns both firing logs. */
function runBoth(commands: Command[]): void {
  const clock = new ManualClock(1000);
  const queue = new TimerQueue({ clock, initialCapacity: 16 });
  const handles: number[] = [];
  const model: ModelTimer[] = [];
  let modelNow = 1000;
  let sequence = 0;
  const realFired: number[] = [];
  const modelFired: number[] = [];

  const realAdd = (delay: number, action: Action): void => {
    const id = handles.length;
    const deadline = clock.now() + delay;
    handles.push(
      queue.add(delay, () => {
        expect(clock.now()).toBe(deadline);
        realFired.push(id);
        perform(action);
      }),
    );
  };
  const perform = (action: Action): void => {
    if (action.kind === 'add') realAdd(action.delay, { kind: 'none' });
    if (action.kind === 'cancel' && action.target < handles.length) {
      queue.cancel(handles[action.target] as number);
    }
  };
  let modelIds = 0;
  const modelAdd = (delay: number, action: Action): void => {
    model.push({ id: modelIds++, deadline: modelNow + delay, sequence: sequence++, action });
  };
  const modelCancel = (target: number): boolean => {
    const index = model.findIndex((timer) => timer.id === target);
    if (index < 0) return false;
    model.splice(index, 1);
    return true;
  };
  const modelPerform = (action: Action): void => {
    if (action.kind === 'add') modelAdd(action.delay, { kind: 'none' });
    if (action.kind === 'cancel' && action.target < modelIds) modelCancel(action.target);
  };

  for (const command of commands) {
    if (command.kind === 'add') {
      realAdd(command.delay, command.action);
      modelAdd(command.delay, command.action);
    } else if (command.kind === 'cancel') {
      if (command.target >= handles.length) continue;
      const real = queue.cancel(handles[command.target] as number);
      expect(real).toBe(modelCancel(command.target));
    } else {
      clock.advance(command.ms);
      const target = modelNow + command.ms;
      for (;;) {
        let next: ModelTimer | undefined;
        for (const timer of model) {
          if (timer.deadline > target) continue;
          if (
            next === undefined ||
            timer.deadline < next.deadline ||
            (timer.deadline === next.deadline && timer.sequence < next.sequence)
          ) {
            next = timer;
          }
        }
        if (next === undefined) break;
        modelNow = Math.max(modelNow, next.deadline);
        model.splice(model.indexOf(next), 1);
        modelFired.push(next.id);
        modelPerform(next.action);
      }
      modelNow = target;
    }
    expect(realFired).toEqual(modelFired);
    expect(queue.size).toBe(model.length);
    const earliest = Math.min(...model.map((timer) => timer.deadline));
    expect(queue.nextDeadline()).toBe(earliest);
  }
  for (let id = 0; id < handles.length; id++) {
    expect(queue.has(handles[id] as number)).toBe(model.some((timer) => timer.id === id));
  }
}

describe('TimerQueue', () => {
  it('fires, cancels and orders exactly like a sorted-list model (manual clock)', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 250 }), (commands) => runBoth(commands)),
      { numRuns: 300 },
    );
  });

  it('fires equal deadlines in insertion order', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    const fired: number[] = [];
    for (let index = 0; index < 50; index++) queue.add(7, () => fired.push(index));
    clock.advance(6);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(Array.from({ length: 50 }, (_, index) => index));
  });

  it('passes the argument given at add time', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    const seen: string[] = [];
    queue.add(1, (value: string) => seen.push(value), 'a');
    queue.addAt(0.5, (value: string) => seen.push(value), 'b');
    clock.advance(1);
    expect(seen).toEqual(['b', 'a']);
  });

  it('never lets a stale handle cancel the timer that reused its slot', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    const first = queue.add(1, () => {});
    expect(queue.cancel(first)).toBe(true);
    let fired = false;
    const second = queue.add(1, () => {
      fired = true;
    });
    expect(second).not.toBe(first);
    expect(queue.cancel(first)).toBe(false);
    expect(queue.cancel(0)).toBe(false);
    expect(queue.cancel(Number.NaN)).toBe(false);
    expect(queue.cancel(-3)).toBe(false);
    clock.advance(1);
    expect(fired).toBe(true);
    expect(queue.cancel(second)).toBe(false);
  });

  it('gives a reused slot a new handle every time', () => {
    const queue = new TimerQueue({ clock: new ManualClock() });
    const seen = new Set<number>();
    for (let round = 0; round < 1000; round++) {
      const handle = queue.add(1, () => {});
      expect(seen.has(handle)).toBe(false);
      seen.add(handle);
      expect(queue.cancel(handle)).toBe(true);
    }
    const live = queue.add(1, () => {});
    for (const stale of seen) expect(queue.cancel(stale)).toBe(false);
    expect(queue.has(live)).toBe(true);
    expect(queue.size).toBe(1);
  });

  it('ignores handle 0 and other non-handles even when their slot is free', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    queue.cancel(queue.add(1, () => {}));
    expect(queue.cancel(0)).toBe(false);
    expect(queue.has(0)).toBe(false);
    expect(queue.ref(0)).toBe(false);
    expect(queue.size).toBe(0);
    const kept = queue.add(1, () => {});
    expect(queue.cancel(0)).toBe(false);
    expect(queue.size).toBe(1);
    expect(queue.has(kept)).toBe(true);
  });

  it('does not let a callback that re-adds zero-delay timers starve a wake', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    let count = 0;
    const again = (): void => {
      count++;
      if (count < 5) queue.add(0, again);
    };
    queue.add(0, again);
    // Each re-added timer needs its own wake; all of them fall inside this advance.
    clock.advance(0);
    expect(count).toBe(5);
    expect(queue.size).toBe(0);
  });

  it('keeps firing due timers when a callback throws, then rethrows the error', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    const fired: string[] = [];
    queue.add(1, () => fired.push('a'));
    queue.add(1, () => {
      throw new Error('boom');
    });
    queue.add(1, () => fired.push('c'));
    queue.add(5, () => fired.push('later'));
    expect(() => clock.advance(1)).toThrow('boom');
    expect(fired).toEqual(['a', 'c']);
    clock.advance(4);
    expect(fired).toEqual(['a', 'c', 'later']);
  });

  it('rejects times that are not finite numbers and callbacks that are not functions', () => {
    const queue = new TimerQueue({ clock: new ManualClock() });
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
      expect(() => queue.add(bad, () => {})).toThrow(PollerError);
      expect(() => queue.addAt(bad, () => {})).toThrow(PollerError);
    }
    try {
      queue.add(1, 42 as unknown as () => void);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PollerError);
      expect((error as PollerError).code).toBe('invalid-argument');
    }
    expect(queue.size).toBe(0);
  });

  it('treats a negative delay as zero', () => {
    const clock = new ManualClock(10);
    const queue = new TimerQueue({ clock });
    let fired = false;
    queue.add(-5, () => {
      fired = true;
    });
    expect(queue.nextDeadline()).toBe(10);
    clock.advance(0);
    expect(fired).toBe(true);
  });

  it('arms its one alarm only when the earliest deadline moves earlier', () => {
    const armed: number[] = [];
    const alarms: { wake: () => void }[] = [];
    let now = 0;
    const clock: Clock = {
      now: () => now,
      createAlarm(wake): Alarm {
        alarms.push({ wake });
        return { set: (at) => armed.push(at), clear: () => {}, ref: () => {}, unref: () => {} };
      },
    };
    const queue = new TimerQueue({ clock });
    const late = queue.add(100, () => {});
    queue.add(200, () => {});
    const early = queue.add(50, () => {});
    queue.add(70, () => {});
    expect(armed).toEqual([100, 50]);
    queue.cancel(early);
    queue.cancel(late);
    expect(armed).toEqual([100, 50]);
    now = 50;
    alarms[0]?.wake();
    expect(armed).toEqual([100, 50, 70]);
    expect(alarms).toHaveLength(1);
  });

  it('refs its alarm exactly while some referenced timer is pending', () => {
    const states: string[] = [];
    const clock = new ManualClock();
    const base = clock.createAlarm.bind(clock);
    clock.createAlarm = (wake) => {
      const alarm = base(wake);
      return {
        set: (at) => alarm.set(at),
        clear: () => alarm.clear(),
        ref: () => states.push('ref'),
        unref: () => states.push('unref'),
      };
    };
    const queue = new TimerQueue({ clock });
    const a = queue.add(10, () => {});
    const b = queue.add(20, () => {});
    expect(states).toEqual([]);
    expect(queue.ref(a)).toBe(true);
    expect(queue.ref(a)).toBe(true);
    expect(queue.ref(b)).toBe(true);
    expect(states).toEqual(['ref']);
    clock.advance(10);
    expect(states).toEqual(['ref']);
    expect(queue.unref(b)).toBe(true);
    expect(states).toEqual(['ref', 'unref']);
    expect(queue.ref(b)).toBe(true);
    queue.cancel(b);
    expect(states).toEqual(['ref', 'unref', 'ref', 'unref']);
    expect(queue.ref(a)).toBe(false);
    expect(queue.unref(b)).toBe(false);
  });

  it('survives growth and compaction with many inserts and cancels', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock, initialCapacity: 16 });
    const fired: number[] = [];
    const kept: number[] = [];
    for (let round = 0; round < 20; round++) {
      const handles: number[] = [];
      for (let index = 0; index < 500; index++) {
        const id = round * 500 + index;
        handles.push(queue.add(1000 + ((id * 7919) % 997), () => fired.push(id)));
      }
      handles.forEach((handle, index) => {
        if (index % 50 === 0) kept.push(round * 500 + index);
        else queue.cancel(handle);
      });
    }
    expect(queue.size).toBe(kept.length);
    clock.advance(5000);
    const deadlineOf = (id: number): number => 1000 + ((id * 7919) % 997);
    const expected = [...kept].sort((x, y) => deadlineOf(x) - deadlineOf(y) || x - y);
    expect(fired).toEqual(expected);
  });

  it('clear() cancels everything', () => {
    const clock = new ManualClock();
    const queue = new TimerQueue({ clock });
    let fired = 0;
    const handle = queue.add(1, () => fired++);
    queue.add(2, () => fired++);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.has(handle)).toBe(false);
    clock.advance(10);
    expect(fired).toBe(0);
  });

  it('fires on the real monotonic clock', async () => {
    const queue = new TimerQueue();
    const started = performance.now();
    const order: number[] = [];
    await new Promise<void>((resolve) => {
      queue.add(15, () => {
        order.push(15);
        resolve();
      });
      queue.add(5, () => order.push(5));
      const cancelled = queue.add(1, () => order.push(1));
      queue.cancel(cancelled);
    });
    expect(order).toEqual([5, 15]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});
