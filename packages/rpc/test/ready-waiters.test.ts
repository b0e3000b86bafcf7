import { describe, expect, it } from 'vitest';
import { optionsAfterWait, ReadyWaiters } from '../src/client/balancing/ready-waiters.js';
import type { Subchannel } from '../src/client/balancing/subchannel.js';
import { Status } from '../src/index.js';

const connection = {} as Subchannel;

describe('ReadyWaiters', () => {
  it('hands connections to waiting calls, fails the fail-fast ones, times out and aborts', async () => {
    const waiters = new ReadyWaiters('static:///x', undefined, () => 'nothing ready');
    const handed = waiters.wait(undefined, '/a', false, undefined);
    waiters.hand(() => connection);
    await expect(handed).resolves.toBe(connection);
    expect(waiters.waiting).toBe(false);

    const failFast = waiters.wait(undefined, '/b', true, undefined);
    const patient = waiters.wait(undefined, '/c', false, undefined);
    waiters.fail((path) => new Error(`gone ${path}`), true);
    await expect(failFast).rejects.toThrow('gone /b');
    expect(waiters.waiting).toBe(true);
    waiters.fail((path) => new Error(`closed ${path}`), false);
    await expect(patient).rejects.toThrow('closed /c');

    await expect(waiters.wait({ timeoutMs: 5 }, '/d', false, undefined)).rejects.toMatchObject({
      code: Status.DEADLINE_EXCEEDED,
      message: expect.stringContaining('(nothing ready)'),
    });
    const controller = new AbortController();
    const aborted = waiters.wait(undefined, '/e', false, controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: Status.CANCELLED });
    expect(waiters.waiting).toBe(false);
  });

  it('shrinks the time budget of a call by its wait', () => {
    expect(optionsAfterWait({ timeoutMs: 100 }, 1_000, undefined)).toMatchObject({
      timeoutMs: undefined,
      deadline: 1_100,
    });
    expect(optionsAfterWait(undefined, 1_000, 50)).toMatchObject({ deadline: 1_050 });
    expect(optionsAfterWait({ deadline: 1_020 }, 1_000, 50)).toMatchObject({ deadline: 1_020 });
    expect(optionsAfterWait(undefined, 1_000, undefined)).toBeUndefined();
  });
});
