import type { Server, Socket } from 'node:net';
import type { Resumer } from '@yrpc/coroutine';
import { Interest, type InterestSet } from './interest.js';
import type { PollSource } from './poll-source.js';
import { ServerWatch } from './server-watch.js';
import type { SourceWatch } from './source-watch.js';
import type { TimerHandle } from './timer-queue.js';

/** What a {@link Poller} can watch. */
export type Pollable = Socket | Server | PollSource;

/** @internal A coroutine parked on one registration. */
export interface Waiter {
  readonly interests: InterestSet;
  readonly resumer: Resumer<void>;
  readonly registration: Registration;
  timer: TimerHandle;
}

/**
 * A source registered with a {@link Poller}: what it is watched for (`interests`), what it is
 * ready for now (`readiness()`), and why it failed (`error`). Created by `Poller.register`,
 * ended by `deregister()`, which removes every listener the registration added.
 */
export class Registration<S extends Pollable = Pollable> {
  /** The watched socket, server or adapter. */
  readonly source: S;
  /** Free for the owner: the value `epoll_data` would hold (a connection, an id...). */
  token: unknown;
  /** @internal */
  readonly watch: SourceWatch;
  /** @internal coroutines waiting on this source alone. */
  readonly waiters: Waiter[] = [];
  /** @internal whether it sits in the poller's ready list. */
  listed = false;
  private currentInterests: InterestSet;
  private active = true;
  private readonly onDeregister: (registration: Registration) => void;

  /** @internal use `Poller.register`. */
  constructor(
    source: S,
    interests: InterestSet,
    token: unknown,
    createWatch: (onChange: () => void) => SourceWatch,
    onChange: (registration: Registration) => void,
    onDeregister: (registration: Registration) => void,
  ) {
    this.source = source;
    this.currentInterests = interests;
    this.token = token;
    this.onDeregister = onDeregister;
    this.watch = createWatch(() => onChange(this as Registration));
  }

  /** The interests this source is watched for (`Closed` is always reported as well). */
  get interests(): InterestSet {
    return this.currentInterests;
  }

  /** False once deregistered. */
  get registered(): boolean {
    return this.active;
  }

  /** Why the source closed, when it closed because of an error. */
  get error(): unknown {
    return this.watch.error();
  }

  /**
   * What the source is ready for right now, within its interests, plus `Closed` once it closed.
   * Level-like: a readable socket stays readable until its buffered bytes are read.
   */
  readiness(): InterestSet {
    if (!this.active) return 0;
    return this.watch.level() & (this.currentInterests | Interest.Closed);
  }

  /** Changes the interests; listeners for interests dropped are removed. */
  setInterests(interests: InterestSet): void {
    if (!this.active) return;
    this.currentInterests = interests;
    this.watch.listen(interests);
  }

  /**
   * Takes the oldest connection a registered server has accepted (needs `Accept` interest);
   * `undefined` when none is waiting or the source is not a server.
   */
  accept(): Socket | undefined {
    return this.watch instanceof ServerWatch ? this.watch.accept() : undefined;
  }

  /** Stops watching: removes every listener, wakes waiters with `deregistered`. Idempotent. */
  deregister(): void {
    if (!this.active) return;
    this.active = false;
    this.watch.detach();
    this.onDeregister(this as Registration);
  }
}
