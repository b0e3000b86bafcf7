/**
 * Micro-benchmarks of @yrpc/coroutine against a bare generator trampoline, async/await and
 * effection 4. Run with `pnpm --filter @yrpc/coroutine bench`. Every measured call performs n
 * operations; figures are nanoseconds per operation: mitata's fastest sample (min) divided by n,
 * and the median (p50) beside it. The minimum is what the verdicts use, because on a shared
 * machine the median mostly measures the neighbours.
 */
import * as effection from 'effection';
import { measure } from 'mitata';
import { Channel, call, type Operation, run, Scheduler, spawn, yieldNow } from '../src/index.js';
import { asyncPingPong } from './async-box.js';
import { CoroutineBox } from './coroutine-box.js';
import { EffectionBox } from './effection-box.js';

const N = 1000;

process.stdout.write(`${'benchmark'.padEnd(52)} ${'min'.padStart(9)}    ${'p50'.padStart(9)}\n`);

async function bench(name: string, fn: () => unknown, n = N): Promise<number> {
  const stats = await measure(fn, { min_cpu_time: 300e6 });
  const min = stats.min / n;
  const p50 = stats.p50 / n;
  process.stdout.write(
    `${name.padEnd(52)} ${min.toFixed(1).padStart(9)} ns ${p50.toFixed(1).padStart(9)} ns\n`,
  );
  return min;
}

// ── switch ───────────────────────────────────────────────────────────────────────────────────

function* bareLoop(): Generator<undefined, void, unknown> {
  for (;;) yield undefined;
}
const bare = bareLoop();
const bareNs = await bench('bare gen.next() round trip', () => {
  for (let i = 0; i < N; i++) bare.next(i);
});

// The same shape as a coroutine switch minus the scheduler: a trampoline with a plain array as
// run queue, driving a generator that `yield*`s a stateless iterator (as `yieldNow()` is).
const yieldMarker = { kind: 0 };
const markerResult = { done: false, value: yieldMarker } as const;
const doneResult = { done: true, value: undefined } as const;
const bareStep = {
  resuming: false,
  [Symbol.iterator]() {
    return this;
  },
  next(): IteratorResult<typeof yieldMarker, void> {
    if (this.resuming) {
      this.resuming = false;
      return doneResult;
    }
    return markerResult;
  },
};
function* bareYieldStarLoop(n: number): Generator<typeof yieldMarker, void, unknown> {
  for (let i = 0; i < n; i++) yield* bareStep;
}
const trampolineNs = await bench('bare trampoline: array queue + yield* iterator', () => {
  const queue = [bareYieldStarLoop(N)];
  while (queue.length > 0) {
    const gen = queue.shift() as Generator<typeof yieldMarker, void, unknown>;
    bareStep.resuming = true;
    if (!gen.next().done) queue.push(gen);
  }
});

const manual = new Scheduler({ manual: true, batchSize: 1 << 30 });

function* yieldLoop(n: number): Operation<void> {
  for (let i = 0; i < n; i++) yield* yieldNow();
}
const switchNs = await bench('yrpc switch: yieldNow through the run queue', () => {
  run(() => yieldLoop(N), { scheduler: manual });
  manual.flush();
});

function* coroutinePingPong(rounds: number): Operation<void> {
  const toPong = new CoroutineBox<number>();
  const toPing = new CoroutineBox<number>();
  const pong = yield* spawn(function* () {
    for (let i = 0; i < rounds; i++) toPing.put(yield* toPong.take());
  });
  for (let i = 0; i < rounds; i++) {
    toPong.put(i);
    yield* toPing.take();
  }
  yield* pong;
}
const pingPongNs = await bench('yrpc ping-pong, per switch (suspend/resume)', () => {
  run(() => coroutinePingPong(N / 2), { scheduler: manual });
  manual.flush();
});
const awaitedPingPongNs = await bench(
  'yrpc ping-pong, per switch (default scheduler)',
  () => run(() => coroutinePingPong(N / 2)).promise,
);
const asyncNs = await bench('async/await ping-pong, per switch', () => asyncPingPong(N / 2));
const effectionPingPongNs = await bench('effection 4 ping-pong, per switch', () =>
  effection.run(function* () {
    const toPong = new EffectionBox<number>();
    const toPing = new EffectionBox<number>();
    const pong = yield* effection.spawn(function* () {
      for (let i = 0; i < N / 2; i++) toPing.put(yield* toPong.take());
    });
    for (let i = 0; i < N / 2; i++) {
      toPong.put(i);
      yield* toPing.take();
    }
    yield* pong;
  }),
);

// ── spawn + join ─────────────────────────────────────────────────────────────────────────────

// biome-ignore lint/correctness/useYield: the cheapest possible child.
function* child(): Operation<number> {
  return 1;
}
function* spawnJoinLoop(n: number): Operation<void> {
  for (let i = 0; i < n; i++) {
    const task = yield* spawn(child);
    yield* task;
  }
}
const spawnNs = await bench('yrpc spawn + join', () => {
  run(() => spawnJoinLoop(N), { scheduler: manual });
  manual.flush();
});
const tracing = new Scheduler({ manual: true, batchSize: 1 << 30, traceSpawns: true });
const spawnTracedNs = await bench('yrpc spawn + join, traceSpawns on', () => {
  run(() => spawnJoinLoop(N), { scheduler: tracing });
  tracing.flush();
});
// biome-ignore lint/correctness/useYield: the cheapest possible child.
function* effectionChild(): effection.Operation<number> {
  return 1;
}
const effectionSpawnNs = await bench(
  'effection 4 spawn + join',
  () =>
    effection.run(function* () {
      for (let i = 0; i < N / 10; i++) {
        const task = yield* effection.spawn(effectionChild);
        yield* task;
      }
    }),
  N / 10,
);

// ── channel ──────────────────────────────────────────────────────────────────────────────────

function* channelLoop(capacity: number, n: number): Operation<void> {
  const channel = new Channel<number>(capacity);
  const consumer = yield* spawn(function* () {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += yield* channel.receive();
    return sum;
  });
  for (let i = 0; i < n; i++) yield* channel.send(i);
  yield* consumer;
}
const channelNs = await bench('yrpc channel send + receive (capacity 64)', () => {
  run(() => channelLoop(64, N), { scheduler: manual });
  manual.flush();
});
const channel0Ns = await bench('yrpc channel send + receive (unbuffered)', () => {
  run(() => channelLoop(0, N), { scheduler: manual });
  manual.flush();
});
const channelInfNs = await bench('yrpc channel send + receive (unbounded)', () => {
  run(() => channelLoop(Number.POSITIVE_INFINITY, N), { scheduler: manual });
  manual.flush();
});
const effectionQueueNs = await bench('effection 4 queue add + next', () =>
  effection.run(function* () {
    const queue = effection.createQueue<number, void>();
    const consumer = yield* effection.spawn(function* () {
      let sum = 0;
      for (let i = 0; i < N; i++) {
        const next = yield* queue.next();
        if (!next.done) sum += next.value;
      }
      return sum;
    });
    for (let i = 0; i < N; i++) queue.add(i);
    yield* consumer;
  }),
);

// ── resume cost by call depth ────────────────────────────────────────────────────────────────

function* viaCall(depth: number, n: number): Operation<void> {
  if (depth <= 1) return yield* yieldLoop(n);
  return yield* call(() => viaCall(depth - 1, n));
}
function* viaYieldStar(depth: number, n: number): Operation<void> {
  if (depth <= 1) return yield* yieldLoop(n);
  return yield* viaYieldStar(depth - 1, n);
}
const depth1Ns = await bench('yrpc resume at depth 1', () => {
  run(() => viaCall(1, N), { scheduler: manual });
  manual.flush();
});
const depth10CallNs = await bench('yrpc resume at depth 10 (call)', () => {
  run(() => viaCall(10, N), { scheduler: manual });
  manual.flush();
});
const depth10NativeNs = await bench('yrpc resume at depth 10 (native yield*)', () => {
  run(() => viaYieldStar(10, N), { scheduler: manual });
  manual.flush();
});

// ── verdicts ─────────────────────────────────────────────────────────────────────────────────

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const checks: [string, string, boolean | null][] = [
  ['switch (yieldNow) ≤ 3× bare gen.next()', ratio(switchNs, bareNs), switchNs <= 3 * bareNs],
  ['switch (yieldNow) vs bare trampoline with yield*', ratio(switchNs, trampolineNs), true],
  [
    'switch (ping-pong) ≥ 3× faster than async/await',
    ratio(asyncNs, pingPongNs),
    asyncNs >= 3 * pingPongNs,
  ],
  ['spawn + join ≤ 1 µs', `${spawnNs.toFixed(0)} ns`, spawnNs <= 1000],
  [
    'spawn + join ≥ 10× faster than effection',
    ratio(effectionSpawnNs, spawnNs),
    effectionSpawnNs >= 10 * spawnNs,
  ],
  ['channel send + receive ≤ 150 ns', `${channelNs.toFixed(0)} ns`, channelNs <= 150],
  [
    'unbounded channel ≥ 10× faster than effection queue',
    ratio(effectionQueueNs, channelInfNs),
    effectionQueueNs >= 10 * channelInfNs,
  ],
  [
    'ping-pong ≥ 10× faster than effection',
    ratio(effectionPingPongNs, pingPongNs),
    effectionPingPongNs >= 10 * pingPongNs,
  ],
  [
    'resume at depth 10 (call) within 1.5× of depth 1',
    ratio(depth10CallNs, depth1Ns),
    depth10CallNs <= 1.5 * depth1Ns,
  ],
];
process.stdout.write('\n');
for (const [target, figure, ok] of checks) {
  const verdict = ok === null ? 'info' : ok ? 'met ' : 'MISS';
  process.stdout.write(`${verdict}  ${target.padEnd(50)} ${figure}\n`);
}
process.stdout.write(
  `\n(for reference: native yield* at depth 10 is ${ratio(depth10NativeNs, depth1Ns)} of depth 1; ` +
    `default-scheduler ping-pong ${awaitedPingPongNs.toFixed(1)} ns/switch; ` +
    `unbuffered channel ${channel0Ns.toFixed(1)} ns, unbounded ${channelInfNs.toFixed(1)} ns; ` +
    `traced spawn ${spawnTracedNs.toFixed(0)} ns)\n`,
);
