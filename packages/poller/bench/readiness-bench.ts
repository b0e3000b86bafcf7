import { type Resumer, run, suspend } from '@yrpc/coroutine';
import { Interest, type InterestSet } from '../src/interest.js';
import type { PollSource } from '../src/poll-source.js';
import { Poller } from '../src/poller.js';
import { cpuTime } from './cpu-time.js';

/** The smallest PollSource: a level a test sets, and one watcher. */
class Flag implements PollSource {
  level: InterestSet = 0;
  private onChange: (() => void) | undefined;

  pollReadiness(): InterestSet {
    return this.level;
  }

  watchReadiness(onChange: () => void): () => void {
    this.onChange = onChange;
    return () => {
      this.onChange = undefined;
    };
  }

  raise(): void {
    this.level = Interest.Readable;
    this.onChange?.();
  }
}

/**
 * Two coroutines hand a token back and forth `rounds` times, each waiting in `Poller.wait` for
 * its source to turn readable and then raising the other's: one round trip is a wait, a wake
 * through the poller and a resume through the scheduler, twice. Returns CPU ns per wait + wake.
 */
export async function pollerPingPong(rounds: number): Promise<number> {
  const poller = new Poller();
  const ping = new Flag();
  const pong = new Flag();
  const pingRegistration = poller.register(ping, Interest.Readable);
  const pongRegistration = poller.register(pong, Interest.Readable);
  const started = cpuTime();
  const a = run(function* () {
    for (let round = 0; round < rounds; round++) {
      pong.raise();
      yield* poller.wait(pingRegistration);
      ping.level = 0;
    }
  });
  const b = run(function* () {
    for (let round = 0; round < rounds; round++) {
      yield* poller.wait(pongRegistration);
      pong.level = 0;
      ping.raise();
    }
  });
  await Promise.all([a, b]);
  const elapsed = cpuTime() - started;
  poller.close();
  return (elapsed / (rounds * 2)) * 1e6;
}

/** The same hand-off with bare `suspend` resumers: what the poller adds on top is the difference. */
export async function suspendPingPong(rounds: number): Promise<number> {
  let waitingA: Resumer<void> | undefined;
  let waitingB: Resumer<void> | undefined;
  let flagA = false;
  let flagB = false;
  const started = cpuTime();
  const raiseA = (): void => {
    flagA = true;
    waitingA?.resume();
  };
  const raiseB = (): void => {
    flagB = true;
    waitingB?.resume();
  };
  const a = run(function* () {
    for (let round = 0; round < rounds; round++) {
      raiseB();
      while (!flagA) {
        yield* suspend<void>((resumer) => {
          waitingA = resumer;
        });
      }
      flagA = false;
    }
  });
  const b = run(function* () {
    for (let round = 0; round < rounds; round++) {
      while (!flagB) {
        yield* suspend<void>((resumer) => {
          waitingB = resumer;
        });
      }
      flagB = false;
      raiseA();
    }
  });
  await Promise.all([a, b]);
  return ((cpuTime() - started) / (rounds * 2)) * 1e6;
}
