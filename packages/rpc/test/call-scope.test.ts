import { afterEach, describe, expect, it } from 'vitest';
import { currentCallContext } from '../src/call/call-scope.js';
import { Client, Server, Status, sleep } from '../src/index.js';
import { Echo, echoImplementation } from './helpers/echo-service.js';
import { eventually, rejection } from './helpers/harness.js';

interface Hops {
  /** A client of service A. */
  readonly echo: ReturnType<typeof serviceOf>;
  /** What B's handler saw and did. */
  readonly seenByB: { deadline: number | undefined; events: string[] };
}

const serviceOf = (client: Client) => client.service(Echo);
const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const item of open.reverse()) await item.close();
  open.length = 0;
});

/** client → A → B: A's SleepAsync (async) and Sleep (coroutine) call B's Sleep with no options. */
async function startHops(): Promise<Hops> {
  const seenByB: Hops['seenByB'] = { deadline: undefined, events: [] };
  const serverB = new Server().addService(Echo, {
    ...echoImplementation({ events: [] }),
    *sleep(request, context) {
      seenByB.deadline = context.deadline;
      seenByB.events.push('b:start');
      try {
        yield* sleep(request.ms ?? 0);
        return { text: 'b slept' };
      } finally {
        seenByB.events.push('b:finally');
      }
    },
  });
  open.push(serverB);
  const boundB = await serverB.listen({ host: '127.0.0.1', port: 0 });
  const toB = new Client(boundB);
  const b = toB.service(Echo);
  const serverA = new Server().addService(Echo, {
    ...echoImplementation({ events: [] }),
    async sleepAsync(request) {
      return await b.sleep({ ms: request.ms ?? 0 });
    },
    *sleep(request) {
      return yield* b.sleep.co({ ms: request.ms ?? 0 });
    },
    echo(request) {
      // A plain handler: the call it starts synchronously inherits its deadline.
      b.sleep({ ms: request.number ?? 0 }, () => {});
      return { text: request.text ?? '' };
    },
  });
  open.push(serverA);
  open.push(toB);
  const boundA = await serverA.listen({ host: '127.0.0.1', port: 0 });
  const toA = new Client(boundA);
  open.push(toA);
  return { echo: toA.service(Echo), seenByB };
}

describe('deadline and cancellation propagation across two hops', () => {
  for (const style of ['async', 'coroutine'] as const) {
    const callA = (
      hops: Hops,
      ms: number,
      options: { timeoutMs?: number; signal?: AbortSignal },
    ) =>
      style === 'async' ? hops.echo.sleepAsync({ ms }, options) : hops.echo.sleep({ ms }, options);

    it(`passes the remaining deadline on from a ${style} handler`, async () => {
      const hops = await startHops();
      const started = Date.now();
      const error = await rejection(callA(hops, 10_000, { timeoutMs: 300 }));
      expect(error.code).toBe(Status.DEADLINE_EXCEEDED);
      expect(hops.seenByB.deadline).toBeDefined();
      expect(hops.seenByB.deadline).toBeLessThanOrEqual(started + 300 + 500);
      await eventually(() => hops.seenByB.events.includes('b:finally'), 2000);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it(`passes the cancellation on from a ${style} handler`, async () => {
      const hops = await startHops();
      const controller = new AbortController();
      const call = rejection(callA(hops, 10_000, { signal: controller.signal }));
      await eventually(() => hops.seenByB.events.includes('b:start'), 2000);
      expect(hops.seenByB.deadline).toBeUndefined();
      controller.abort();
      expect((await call).code).toBe(Status.CANCELLED);
      const cancelledAt = Date.now();
      await eventually(() => hops.seenByB.events.includes('b:finally'), 2000);
      expect(Date.now() - cancelledAt).toBeLessThan(1000);
    });
  }

  it('passes the deadline on from a plain handler to calls it starts synchronously', async () => {
    const hops = await startHops();
    const started = Date.now();
    await hops.echo.echo({ text: 'x', number: 10_000 }, { timeoutMs: 300 });
    await eventually(() => hops.seenByB.events.includes('b:start'), 2000);
    expect(hops.seenByB.deadline).toBeLessThanOrEqual(started + 300 + 500);
    await eventually(() => hops.seenByB.events.includes('b:finally'), 2000);
  });

  it('has no current call outside a handler', () => {
    expect(currentCallContext()).toBeUndefined();
  });

  it('still answers normally when nothing expires', async () => {
    const hops = await startHops();
    await expect(hops.echo.sleepAsync({ ms: 1 }, { timeoutMs: 2000 })).resolves.toEqual({
      text: 'b slept',
    });
    await expect(hops.echo.sleep({ ms: 1 }, { timeoutMs: 2000 })).resolves.toEqual({
      text: 'b slept',
    });
  });
});
