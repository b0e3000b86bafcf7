import type { TimerQueue } from '@yrpc/protocol';

/** How one side checks that its peer is alive. */
export interface HeartbeatSettings {
  /** Silence, in ms, after which a PING is sent; 0 turns heartbeats off. */
  readonly intervalMs: number;
  /** How long, in ms, to wait for any frame after a PING before the peer is declared dead. */
  readonly timeoutMs: number;
}

/** What a heartbeat does to its connection. */
export interface HeartbeatPeer {
  /** Sends a PING carrying `pingId`. */
  sendPing(pingId: number): void;
  /** The peer did not answer: `silentMs` passed since the PING. */
  dead(silentMs: number): void;
}

/**
 * PINGs a connection that was silent for a whole interval and declares the peer dead when no frame
 * (the PONG or anything else) arrives within the timeout after it. A connection with traffic is
 * never pinged. Runs on one TimerQueue entry, re-armed on each tick: no Node timer per connection.
 * A dead peer is detected at most `2 × intervalMs + timeoutMs` after it went silent.
 */
export class Heartbeat {
  readonly #timers: TimerQueue;
  readonly #settings: HeartbeatSettings;
  readonly #peer: HeartbeatPeer;
  #heard = false;
  #awaitingPong = false;
  #timer = 0;
  #pingId = 0;
  #stopped = false;

  constructor(timers: TimerQueue, settings: HeartbeatSettings, peer: HeartbeatPeer) {
    this.#timers = timers;
    this.#settings = settings;
    this.#peer = peer;
    if (settings.intervalMs > 0) this.#arm(settings.intervalMs);
    else this.#stopped = true;
  }

  /** Something arrived from the peer: it is alive. Cheap enough to call for every frame. */
  heard(): void {
    this.#heard = true;
  }

  /** Stops the heartbeat (the connection closed). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== 0) {
      this.#timers.cancel(this.#timer);
      this.#timer = 0;
    }
  }

  /** Called by the timer. */
  tick(): void {
    this.#timer = 0;
    if (this.#stopped) return;
    if (this.#heard) {
      this.#heard = false;
      this.#awaitingPong = false;
      this.#arm(this.#settings.intervalMs);
      return;
    }
    if (this.#awaitingPong) {
      this.stop();
      this.#peer.dead(this.#settings.timeoutMs);
      return;
    }
    this.#pingId = (this.#pingId + 1) >>> 0;
    this.#awaitingPong = true;
    this.#peer.sendPing(this.#pingId);
    this.#arm(this.#settings.timeoutMs);
  }

  #arm(delayMs: number): void {
    this.#timer = this.#timers.add(delayMs, tick, this);
  }
}

function tick(heartbeat: Heartbeat): void {
  heartbeat.tick();
}
