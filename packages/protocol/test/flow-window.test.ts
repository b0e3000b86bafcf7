import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, MAX_WINDOW, ReceiveWindow, SendWindow } from '../src/index.js';

const MiB = 1024 * 1024;

describe('SendWindow', () => {
  it('starts at the default window and grows by what the peer announces beyond it', () => {
    const window = new SendWindow();
    expect(window.credit).toBe(DEFAULT_WINDOW);
    window.adopt(64 * MiB);
    expect(window.credit).toBe(64 * MiB);
    window.spend(60 * MiB);
    expect(window.fits(4 * MiB)).toBe(true);
    expect(window.fits(4 * MiB + 1)).toBe(false);
    window.grant(10);
    expect(window.credit).toBe(4 * MiB + 10);
  });

  it('refuses an increment of 0 and a window past 2^31 - 1 as flow-control violations', () => {
    const window = new SendWindow(MAX_WINDOW - 5);
    expect(() => window.grant(0)).toThrow(
      expect.objectContaining({ code: 'flow-control', status: 8 }),
    );
    expect(() => window.grant(6)).toThrow(expect.objectContaining({ code: 'flow-control' }));
    window.grant(5);
    expect(window.credit).toBe(MAX_WINDOW);
  });
});

describe('ReceiveWindow', () => {
  it('refuses a payload beyond what was granted', () => {
    const window = new ReceiveWindow(2 * MiB, MiB);
    window.receive(2 * MiB);
    expect(() => window.receive(1)).toThrow(
      expect.objectContaining({ code: 'flow-control', status: 8 }),
    );
  });

  it('batches releases until half the window, then gives all of it back', () => {
    const window = new ReceiveWindow(64 * MiB, 16 * MiB);
    window.receive(20 * MiB);
    expect(window.release(20 * MiB)).toBe(0);
    window.receive(20 * MiB);
    expect(window.release(20 * MiB)).toBe(40 * MiB);
    expect(window.granted).toBe(64 * MiB);
    expect(window.held).toBe(0);
  });

  it('never lets a sender wait forever (property)', () => {
    // Whenever the receiver has consumed everything it was sent, the updates it produced must
    // leave the sender room for a payload of the largest size the receiver accepts.
    fc.assert(
      fc.property(
        fc.integer({ min: 256, max: 4 * MiB }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 4 * MiB }), { maxLength: 40 }),
        (maxPayload, extra, sizes) => {
          const size = Math.max(DEFAULT_WINDOW, maxPayload) + extra * maxPayload;
          const receiver = new ReceiveWindow(size, maxPayload);
          const sender = new SendWindow(size);
          for (const wanted of sizes) {
            const payload = Math.min(wanted, maxPayload);
            expect(sender.fits(payload)).toBe(true);
            sender.spend(payload);
            receiver.receive(payload);
            const increment = receiver.release(payload);
            if (increment > 0) sender.grant(increment);
            expect(receiver.held).toBe(0);
            expect(sender.fits(maxPayload)).toBe(true);
            expect(sender.credit).toBe(receiver.granted);
          }
        },
      ),
    );
  });
});
