import { pollerPingPong, suspendPingPong } from './readiness-bench.js';
import { callbackSocketPingPong, pollerSocketPingPong } from './socket-bench.js';
import {
  bareHeapScenario,
  bareWheelScenario,
  randomDelays,
  setTimeoutScenario,
  type TimerScenario,
  timerQueueScenario,
} from './timer-bench.js';

const TIMERS = 1_000_000;
const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

// Collects the previous sample's garbage (1M Timeout objects) so it is not charged to the next.
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// Rounds interleave the scenarios so that noise from a shared machine hits them alike.
function measureAll(scenarios: TimerScenario[], delays: Float64Array): number[] {
  for (const scenario of scenarios) {
    collectGarbage();
    scenario.run(delays); // warm-up
  }
  const samples = scenarios.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    scenarios.forEach((scenario, index) => {
      collectGarbage();
      samples[index]?.push(scenario.run(delays));
    });
  }
  return samples.map((values) => (median(values) / delays.length) * 1e6);
}

const delays = randomDelays(TIMERS);
console.log(
  `@yrpc/poller benchmarks (node ${process.version}; CPU time, median of ${ROUNDS} interleaved rounds)`,
);
console.log(`\nTimers: ${TIMERS} with random delays 1..60000 ms, all inserted, then all cancelled`);
const scenarios = [setTimeoutScenario, bareHeapScenario, bareWheelScenario, timerQueueScenario];
const results = measureAll(scenarios, delays);
const [native = 0, bare = 0, wheel = 0, queue = 0] = results;
scenarios.forEach((scenario, index) => {
  const ns = results[index] as number;
  console.log(`  ${scenario.name.padEnd(36)} ${ns.toFixed(1).padStart(8)} CPU ns/timer`);
});
console.log(`  TimerQueue vs setTimeout: ${(native / queue).toFixed(1)}x faster (target >= 8x)`);
console.log(`  TimerQueue vs bare heap:  ${(queue / bare).toFixed(2)}x the time (target <= 2x)`);
console.log(`  TimerQueue vs bare wheel: ${(queue / wheel).toFixed(2)}x the time`);

const ROUND_TRIPS = 200_000;
console.log(`\nReadiness: two coroutines hand a token back and forth (${ROUND_TRIPS} round trips)`);
await pollerPingPong(20_000); // warm-up
await suspendPingPong(20_000);
const pollerSamples: number[] = [];
const suspendSamples: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  collectGarbage();
  pollerSamples.push(await pollerPingPong(ROUND_TRIPS));
  collectGarbage();
  suspendSamples.push(await suspendPingPong(ROUND_TRIPS));
}
const pollerNs = median(pollerSamples);
const suspendNs = median(suspendSamples);
console.log(
  `  ${'Poller.wait + wake + resume'.padEnd(36)} ${pollerNs.toFixed(1).padStart(8)} CPU ns/hop`,
);
console.log(
  `  ${'bare suspend + resume (baseline)'.padEnd(36)} ${suspendNs.toFixed(1).padStart(8)} CPU ns/hop`,
);

const SOCKET_ROUNDS = 20_000;
console.log(`\nLoopback TCP: one-byte ping-pong (${SOCKET_ROUNDS} round trips, wall time)`);
await pollerSocketPingPong(2_000); // warm-up
await callbackSocketPingPong(2_000);
const socketPoller: number[] = [];
const socketCallback: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  socketPoller.push(await pollerSocketPingPong(SOCKET_ROUNDS));
  socketCallback.push(await callbackSocketPingPong(SOCKET_ROUNDS));
}
console.log(
  `  ${'Poller.wait(Readable) + read()'.padEnd(36)} ${median(socketPoller).toFixed(1).padStart(8)} µs/round trip`,
);
console.log(
  `  ${"'data' callbacks (baseline)".padEnd(36)} ${median(socketCallback).toFixed(1).padStart(8)} µs/round trip`,
);
