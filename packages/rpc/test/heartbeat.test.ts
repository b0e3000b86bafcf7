import { ManualClock, TimerQueue } from '@yrpc/protocol';
import { describe, expect, it } from 'vitest';
import { Heartbeat } from '../src/connection/heartbeat.js';

function setup(intervalMs = 100, timeoutMs = 50) {
  const clock = new ManualClock();
  const timers = new TimerQueue({ clock });
  const pings: number[] = [];
  const deaths: number[] = [];
  const heartbeat = new Heartbeat(
    timers,
    { intervalMs, timeoutMs },
    { sendPing: (id) => pings.push(id), dead: (silentMs) => deaths.push(silentMs) },
  );
  return { clock, timers, pings, deaths, heartbeat };
}

describe('Heartbeat', () => {
  it('pings a silent connection after one interval and declares it dead after the timeout', () => {
    const { clock, pings, deaths } = setup();
    clock.advance(99);
    expect(pings).toEqual([]);
    clock.advance(1);
    expect(pings).toEqual([1]);
    clock.advance(49);
    expect(deaths).toEqual([]);
    clock.advance(1);
    expect(deaths).toEqual([50]);
    clock.advance(1000);
    expect(pings).toEqual([1]);
    expect(deaths).toEqual([50]);
  });

  it('keeps a connection that answers alive, pinging with fresh ids', () => {
    const { clock, pings, deaths, heartbeat } = setup();
    for (let round = 0; round < 5; round++) {
      clock.advance(100); // silent interval: PING
      heartbeat.heard(); // PONG
      clock.advance(50); // timeout tick sees the answer
    }
    expect(deaths).toEqual([]);
    expect(new Set(pings).size).toBe(pings.length);
    expect(pings.length).toBeGreaterThanOrEqual(2);
  });

  it('never pings a connection with traffic', () => {
    const { clock, pings, heartbeat } = setup();
    for (let step = 0; step < 20; step++) {
      heartbeat.heard();
      clock.advance(100);
    }
    expect(pings).toEqual([]);
  });

  it('stops for good', () => {
    const { clock, pings, heartbeat } = setup();
    heartbeat.stop();
    heartbeat.tick(); // a tick already due when it stopped
    clock.advance(1000);
    expect(pings).toEqual([]);
  });

  it('does nothing when the interval is 0', () => {
    const { clock, pings } = setup(0);
    expect(clock.nextAlarm()).toBe(Number.POSITIVE_INFINITY);
    clock.advance(1000);
    expect(pings).toEqual([]);
  });
});
