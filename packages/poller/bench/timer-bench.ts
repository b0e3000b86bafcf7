import { TimerQueue } from '../src/timer-queue.js';
import { BareIndexedHeap } from './bare-heap.js';
import { BareTimingWheel } from './bare-wheel.js';
import { cpuTime } from './cpu-time.js';

/** One scenario: runs one timer per delay once and returns the CPU milliseconds it took. */
export interface TimerScenario {
  name: string;
  run(delays: Float64Array): number;
}

const noop = (): void => {};

export const setTimeoutScenario: TimerScenario = {
  name: 'setTimeout + clearTimeout',
  run(delays) {
    const timeouts: NodeJS.Timeout[] = new Array(delays.length);
    const started = cpuTime();
    for (let index = 0; index < delays.length; index++) {
      timeouts[index] = setTimeout(noop, delays[index]);
    }
    for (let index = 0; index < delays.length; index++) clearTimeout(timeouts[index]);
    return cpuTime() - started;
  },
};

export const timerQueueScenario: TimerScenario = {
  name: 'TimerQueue add + cancel',
  run(delays) {
    const queue = new TimerQueue({ initialCapacity: delays.length });
    const handles = new Float64Array(delays.length);
    const started = cpuTime();
    for (let index = 0; index < delays.length; index++) {
      handles[index] = queue.add(delays[index] as number, noop);
    }
    for (let index = 0; index < delays.length; index++) queue.cancel(handles[index] as number);
    const elapsed = cpuTime() - started;
    queue.clear();
    return elapsed;
  },
};

export const bareHeapScenario: TimerScenario = {
  name: 'bare indexed heap insert + remove',
  run(delays) {
    const heap = new BareIndexedHeap(delays.length);
    const started = cpuTime();
    for (let index = 0; index < delays.length; index++) {
      heap.insert(index, performance.now() + (delays[index] as number));
    }
    for (let index = 0; index < delays.length; index++) heap.remove(index);
    return cpuTime() - started;
  },
};

export const bareWheelScenario: TimerScenario = {
  name: 'bare timing wheel insert + cancel',
  run(delays) {
    const wheel = new BareTimingWheel(delays.length, performance.now());
    const started = cpuTime();
    for (let index = 0; index < delays.length; index++) {
      wheel.insert(index, performance.now() + (delays[index] as number));
    }
    for (let index = 0; index < delays.length; index++) wheel.cancel(index);
    return cpuTime() - started;
  },
};

/** Random integer delays in [1, 60000] ms from a fixed-seed generator (same in every run). */
export function randomDelays(count: number, seed = 42): Float64Array {
  const delays = new Float64Array(count);
  let state = seed >>> 0;
  for (let index = 0; index < count; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    delays[index] = 1 + (state % 60000);
  }
  return delays;
}
