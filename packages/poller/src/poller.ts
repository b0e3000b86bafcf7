import { Server, Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import { type Operation, type Resumer, suspend } from '@yrpc/coroutine';
import { AdapterWatch } from './adapter-watch.js';
import { ALL_INTERESTS, describeInterests, Interest, type InterestSet } from './interest.js';
import { isPollSource } from './poll-source.js';
import { PollerError } from './poller-error.js';
import { type Pollable, Registration, type Waiter } from './registration.js';
import { ServerWatch } from './server-watch.js';
import { SocketWatch } from './socket-watch.js';
import type { SourceWatch } from './source-watch.js';
import { TimerQueue } from './timer-queue.js';

/** One ready source in the answer of {@link Poller.poll}. */
export interface PollEvent {
  /** The ready registration. */
  readonly registration: Registration;
  /** What it was ready for when collected (within its interests, plus `Closed`). */
  readonly readiness: InterestSet;
}

/** Options of a {@link Poller}. */
export interface PollerOptions {
  /** Where wait timeouts live; default: a TimerQueue of its own on the monotonic clock. */
  timers?: TimerQueue;
}

/** A coroutine parked in {@link Poller.poll}. */
interface BatchWaiter {
  readonly resumer: Resumer<void>;
  timer: number;
}

const DEFAULT_MAX_EVENTS = 64;

/**
 * The epoll of yrpc, over libuv: sources (net.Socket, tls.TLSSocket, net.Server, tls.Server, or
 * any {@link PollSource}) are registered with interests; a coroutine waits on one source
 * (`wait`) or collects a batch of ready sources (`poll`, like `epoll_wait`). Readiness is
 * level-triggered: it is recomputed from the source's state every time it is asked for, and a
 * source stays in the ready list while its condition holds.
 */
export class Poller {
  /** The timer queue behind wait and poll timeouts. */
  readonly timers: TimerQueue;
  private readonly registrations = new Map<Pollable, Registration>();
  private readyList: Registration[] = [];
  private readonly batchWaiters: BatchWaiter[] = [];
  private readonly changed = (registration: Registration): void => this.onChange(registration);
  private readonly removed = (registration: Registration): void => this.onDeregister(registration);

  /** Creates a poller with no registrations. */
  constructor(options: PollerOptions = {}) {
    this.timers = options.timers ?? new TimerQueue();
  }

  /** Number of registered sources. */
  get size(): number {
    return this.registrations.size;
  }

  /**
   * Starts watching `source` for `interests` (`Closed` is always reported too); `token` is free
   * for the caller. Throws `already-registered` for a source registered here already, and
   * `invalid-argument` for anything that is not a socket, server or {@link PollSource}.
   */
  register<S extends Pollable>(
    source: S,
    interests: InterestSet,
    token?: unknown,
  ): Registration<S> {
    checkInterests(interests);
    if (this.registrations.has(source)) {
      throw new PollerError(
        'already-registered',
        'this source is already registered with the poller',
      );
    }
    const createWatch = watchFactory(source, interests);
    const registration = new Registration<S>(
      source,
      interests,
      token,
      createWatch,
      this.changed,
      this.removed,
    );
    this.registrations.set(source, registration as Registration);
    // A source may be ready before any event fires (bytes already buffered, already closed).
    this.onChange(registration as Registration);
    return registration;
  }

  /** The registration of `source`, if registered. */
  registrationOf<S extends Pollable>(source: S): Registration<S> | undefined {
    return this.registrations.get(source) as Registration<S> | undefined;
  }

  /**
   * Waits until the registration is ready for one of `interests` (default: all its interests)
   * and returns the ready bits. Returns at once when already ready. A source that closes while
   * waited on for something else fails the wait with `source-closed` (its error as `cause`);
   * deregistering fails it with `deregistered`; `timeoutMs` (default: none) fails it with
   * `timeout`. Halting the waiting coroutine leaves no listener and no timer behind.
   */
  *wait(
    registration: Registration,
    interests: InterestSet = registration.interests,
    timeoutMs?: number,
  ): Operation<InterestSet> {
    if ((interests & ~(registration.interests | Interest.Closed)) !== 0 || interests === 0) {
      throw new PollerError(
        'invalid-argument',
        `cannot wait for ${describeInterests(interests)} on a registration watching ${describeInterests(registration.interests)}`,
      );
    }
    const deadline =
      timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.deadlineAfter(timeoutMs);
    for (;;) {
      if (!registration.registered) {
        throw new PollerError('deregistered', 'the source was deregistered');
      }
      const ready = readyFor(registration, interests);
      if (ready !== 0) return ready;
      if (deadline <= this.timers.now()) {
        throw new PollerError(
          'timeout',
          `no ${describeInterests(interests)} within ${timeoutMs} ms`,
        );
      }
      yield* suspend<void>((resumer) => {
        const waiter: Waiter = { interests, resumer, registration, timer: 0 };
        registration.waiters.push(waiter);
        if (deadline !== Number.POSITIVE_INFINITY) {
          waiter.timer = this.timers.addAt(deadline, expireWaiter, waiter);
        }
        return () => this.dropWaiter(waiter);
      });
    }
  }

  /**
   * Collects up to `maxEvents` ready registrations, `epoll_wait` style: returns at once when some
   * are ready, else waits until one is or `timeoutMs` passes (then returns an empty list; 0 polls
   * without waiting; default: wait without limit). Level-triggered: a source still ready is
   * reported again by the next call, after the others that were ready (round robin).
   */
  *poll(maxEvents: number = DEFAULT_MAX_EVENTS, timeoutMs?: number): Operation<PollEvent[]> {
    if (!Number.isInteger(maxEvents) || maxEvents < 1) {
      throw new PollerError(
        'invalid-argument',
        `maxEvents must be a positive integer, got ${maxEvents}`,
      );
    }
    const deadline =
      timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.deadlineAfter(timeoutMs);
    for (;;) {
      const events = this.collect(maxEvents);
      if (events.length > 0 || deadline <= this.timers.now()) return events;
      yield* suspend<void>((resumer) => {
        const waiter: BatchWaiter = { resumer, timer: 0 };
        this.batchWaiters.push(waiter);
        if (deadline !== Number.POSITIVE_INFINITY) {
          waiter.timer = this.timers.addAt(deadline, resumeBatchWaiter, waiter);
        }
        return () => this.dropBatchWaiter(waiter);
      });
    }
  }

  /** The non-blocking half of {@link Poller.poll}: the ready registrations, now. */
  collect(maxEvents: number = DEFAULT_MAX_EVENTS): PollEvent[] {
    const events: PollEvent[] = [];
    const list = this.readyList;
    if (list.length === 0) return events;
    const stillReady: Registration[] = [];
    let index = 0;
    for (; index < list.length && events.length < maxEvents; index++) {
      const registration = list[index] as Registration;
      const readiness = registration.readiness();
      if (readiness === 0) {
        registration.listed = false;
        continue;
      }
      events.push({ registration, readiness });
      stillReady.push(registration);
    }
    // Not yet visited first, then the ones just reported: round robin across calls.
    this.readyList = index === list.length ? stillReady : list.slice(index).concat(stillReady);
    return events;
  }

  /** Deregisters every source. */
  close(): void {
    for (const registration of [...this.registrations.values()]) registration.deregister();
  }

  private deadlineAfter(timeoutMs: number): number {
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs)) {
      throw new PollerError(
        'invalid-argument',
        `timeoutMs must be a number, got ${String(timeoutMs)}`,
      );
    }
    return this.timers.now() + Math.max(0, timeoutMs);
  }

  private onChange(registration: Registration): void {
    if (!registration.registered) return;
    const level = registration.readiness();
    if (level === 0) return;
    if (!registration.listed) {
      registration.listed = true;
      this.readyList.push(registration);
    }
    // Wake the matching waiters and keep the rest in place (no array allocated per wake).
    const waiters = registration.waiters;
    const count = waiters.length;
    let kept = 0;
    for (let index = 0; index < count; index++) {
      const waiter = waiters[index] as Waiter;
      if ((level & (waiter.interests | Interest.Closed)) === 0) {
        waiters[kept++] = waiter;
        continue;
      }
      this.timers.cancel(waiter.timer);
      waiter.resumer.resume();
    }
    // A resume may have parked a new waiter on this registration meanwhile: keep it too.
    for (let index = count; index < waiters.length; index++)
      waiters[kept++] = waiters[index] as Waiter;
    waiters.length = kept;
    const batch = this.batchWaiters;
    while (batch.length > 0) {
      const waiter = batch.shift() as BatchWaiter;
      this.timers.cancel(waiter.timer);
      waiter.resumer.resume();
    }
  }

  private onDeregister(registration: Registration): void {
    this.registrations.delete(registration.source);
    const waiters = registration.waiters.splice(0);
    for (const waiter of waiters) {
      this.timers.cancel(waiter.timer);
      // The wait loop sees the registration gone and fails with `deregistered`.
      waiter.resumer.resume();
    }
    if (registration.listed) {
      registration.listed = false;
      const index = this.readyList.indexOf(registration);
      if (index >= 0) this.readyList.splice(index, 1);
    }
  }

  private dropWaiter(waiter: Waiter): void {
    this.timers.cancel(waiter.timer);
    const waiters = waiter.registration.waiters;
    removeItem(waiters, waiter);
  }

  private dropBatchWaiter(waiter: BatchWaiter): void {
    this.timers.cancel(waiter.timer);
    removeItem(this.batchWaiters, waiter);
  }
}

function expireWaiter(waiter: Waiter): void {
  removeItem(waiter.registration.waiters, waiter);
  waiter.timer = 0;
  // The wait loop sees its deadline passed and fails with `timeout`.
  waiter.resumer.resume();
}

function resumeBatchWaiter(waiter: BatchWaiter): void {
  waiter.timer = 0;
  waiter.resumer.resume();
}

/** Removes `item` by moving the last element into its place (order does not matter here). */
function removeItem<T>(items: T[], item: T): void {
  const index = items.indexOf(item);
  if (index < 0) return;
  const last = items.pop() as T;
  if (index < items.length) items[index] = last;
}

function readyFor(registration: Registration, interests: InterestSet): InterestSet {
  const level = registration.readiness();
  const ready = level & interests;
  if (ready !== 0) return ready;
  if ((level & Interest.Closed) !== 0) {
    const cause = registration.error;
    throw new PollerError(
      'source-closed',
      `the source closed while waiting for ${describeInterests(interests)}`,
      cause === undefined ? undefined : { cause },
    );
  }
  return 0;
}

function checkInterests(interests: InterestSet): void {
  if (!Number.isInteger(interests) || (interests & ~ALL_INTERESTS) !== 0) {
    throw new PollerError('invalid-argument', `unknown interest bits in ${String(interests)}`);
  }
}

function watchFactory(
  source: Pollable,
  interests: InterestSet,
): (onChange: () => void) => SourceWatch {
  if (source instanceof Socket) return (onChange) => new SocketWatch(source, interests, onChange);
  if (source instanceof Server) {
    const tls = source instanceof TlsServer;
    return (onChange) => new ServerWatch(source, interests, onChange, tls);
  }
  if (isPollSource(source)) return (onChange) => new AdapterWatch(source, onChange);
  throw new PollerError(
    'invalid-argument',
    'a poll source must be a net.Socket, tls.TLSSocket, net.Server, tls.Server or a PollSource',
  );
}
