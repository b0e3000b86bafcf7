import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdError, MAX_REQUEST_ID, RequestIdAllocator } from '../src/index.js';

describe('RequestIdAllocator', () => {
  it('never hands out an id in flight, nor 0, across wrap-around', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_REQUEST_ID - 50, max: MAX_REQUEST_ID }),
        fc.array(fc.oneof(fc.constant('allocate' as const), fc.nat({ max: 200 })), {
          maxLength: 300,
        }),
        (first, ops) => {
          const allocator = new RequestIdAllocator({ first });
          const live = new Set<number>();
          const order: number[] = [];
          for (const op of ops) {
            if (op === 'allocate') {
              const id = allocator.allocate();
              expect(id).toBeGreaterThan(0);
              expect(id).toBeLessThanOrEqual(MAX_REQUEST_ID);
              expect(live.has(id)).toBe(false);
              live.add(id);
              order.push(id);
            } else if (order.length > 0) {
              const id = order.splice(op % order.length, 1)[0] as number;
              expect(allocator.release(id)).toBe(true);
              live.delete(id);
            }
            expect(allocator.inFlight).toBe(live.size);
          }
        },
      ),
    );
  });

  it('wraps from 2^32-1 to 1 and skips ids still in flight', () => {
    const allocator = new RequestIdAllocator({ first: MAX_REQUEST_ID });
    expect(allocator.allocate()).toBe(MAX_REQUEST_ID);
    expect(allocator.allocate()).toBe(1);
    expect(allocator.allocate()).toBe(2);
    expect(allocator.release(1)).toBe(true);
    expect(allocator.release(1)).toBe(false);
    // 2^32-1 and 2 are still in flight; the counter goes on from 3.
    expect(allocator.allocate()).toBe(3);
    expect(allocator.isInFlight(2)).toBe(true);
  });

  it('throws exhausted at maxInFlight and validates options', () => {
    const allocator = new RequestIdAllocator({ maxInFlight: 2 });
    allocator.allocate();
    allocator.allocate();
    expect(() => allocator.allocate()).toThrow(expect.objectContaining({ code: 'exhausted' }));
    expect(() => new RequestIdAllocator({ first: 0 })).toThrow(IdError);
  });

  it("with the owner's record of ids in flight, never hands out one the owner still has", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_REQUEST_ID - 50, max: MAX_REQUEST_ID }),
        fc.array(fc.oneof(fc.constant('allocate' as const), fc.nat({ max: 200 })), {
          maxLength: 300,
        }),
        (first, ops) => {
          const pending = new Map<number, string>();
          const allocator = new RequestIdAllocator({ first, inFlight: pending });
          for (const op of ops) {
            if (op === 'allocate') {
              const id = allocator.allocate();
              expect(id).toBeGreaterThan(0);
              expect(pending.has(id)).toBe(false);
              pending.set(id, 'call');
            } else if (pending.size > 0) {
              const id = [...pending.keys()][op % pending.size] as number;
              pending.delete(id);
            }
            expect(allocator.inFlight).toBe(pending.size);
          }
        },
      ),
    );
  });

  it("with the owner's record, keeps no set of its own and checks the record's shape", () => {
    const pending = new Set<number>([2]);
    const allocator = new RequestIdAllocator({ first: 1, inFlight: pending, maxInFlight: 2 });
    expect(allocator.allocate()).toBe(1);
    // The owner has not recorded 1, so it is not in flight; 2 is, and is skipped.
    expect(allocator.isInFlight(1)).toBe(false);
    expect(allocator.allocate()).toBe(3);
    expect(allocator.release(3)).toBe(false);
    pending.add(3);
    expect(() => allocator.allocate()).toThrow(expect.objectContaining({ code: 'exhausted' }));
    expect(() => new RequestIdAllocator({ inFlight: {} as unknown as Set<number> })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
  });
});
