import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowGate, type FlowOutput } from '../src/flow/flow-gate.js';

/** An output with a credit that the test gives and a log of what was sent. */
class Credit implements FlowOutput {
  credit: number;
  blocked = false;
  constructor(credit: number) {
    this.credit = credit;
  }
  canSend(bytes: number): boolean {
    return !this.blocked && bytes <= this.credit;
  }
  spend(bytes: number): void {
    this.credit -= bytes;
  }
}

interface Numbered {
  readonly id: number;
  readonly payload: Uint8Array;
}

const frame = (id: number, size: number): Numbered => ({ id, payload: new Uint8Array(size) });

describe('FlowGate', () => {
  it('sends at once while credit lasts, then queues in order and flushes what fits', () => {
    const output = new Credit(100);
    const sent: number[] = [];
    const gate = new FlowGate<Numbered>(output, (f) => sent.push(f.id));
    expect(gate.offer(frame(1, 60))).toBe(true);
    expect(gate.offer(frame(2, 60))).toBe(false);
    // A small frame does not overtake the one that waits.
    expect(gate.offer(frame(3, 10))).toBe(false);
    expect([sent, gate.waiting, gate.waitingBytes]).toEqual([[1], 2, 70]);
    output.credit += 10;
    expect(gate.flush()).toBe(2);
    output.credit += 10;
    expect(gate.flush()).toBe(1);
    expect(sent).toEqual([1, 2]);
    output.credit += 100;
    expect(gate.flush()).toBe(0);
    expect(sent).toEqual([1, 2, 3]);
    expect(output.credit).toBe(90);
  });

  it('waits while the output is backed up even with credit', () => {
    const output = new Credit(1000);
    output.blocked = true;
    const sent: number[] = [];
    const gate = new FlowGate<Numbered>(output, (f) => sent.push(f.id));
    gate.offer(frame(1, 1));
    expect(sent).toEqual([]);
    output.blocked = false;
    gate.flush();
    expect(sent).toEqual([1]);
  });

  it('drops a frame whose call was given up, and empties on clear', () => {
    const output = new Credit(0);
    const gate = new FlowGate<Numbered>(output, () => {});
    const a = frame(1, 5);
    const b = frame(2, 7);
    gate.offer(a);
    gate.offer(b);
    expect(gate.remove(a)).toBe(true);
    expect(gate.remove(a)).toBe(false);
    expect(gate.waitingBytes).toBe(7);
    expect(gate.clear()).toEqual([b]);
    expect([gate.waiting, gate.waitingBytes]).toEqual([0, 0]);
  });

  it('never overspends, never reorders, never loses a frame (property)', () => {
    const step = fc.oneof(
      fc.record({ offer: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ grant: fc.integer({ min: 0, max: 80 }) }),
      fc.record({ remove: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.array(step, { maxLength: 60 }),
        (start, steps) => {
          const output = new Credit(start);
          const sent: number[] = [];
          const removed = new Set<number>();
          const gate = new FlowGate<Numbered>(output, (f) => sent.push(f.id));
          const offered: Numbered[] = [];
          for (const s of steps) {
            if ('offer' in s) {
              const f = frame(offered.length, s.offer);
              offered.push(f);
              gate.offer(f);
            } else if ('grant' in s) {
              output.credit += s.grant;
              gate.flush();
            } else if (offered.length > 0) {
              const f = offered[s.remove % offered.length] as Numbered;
              if (gate.remove(f)) removed.add(f.id);
            }
            expect(output.credit).toBeGreaterThanOrEqual(0);
          }
          output.credit = Number.POSITIVE_INFINITY;
          gate.flush();
          const expected = offered.map((f) => f.id).filter((id) => !removed.has(id));
          expect(sent).toEqual(expected);
          expect(gate.waitingBytes).toBe(0);
        },
      ),
    );
  });
});
