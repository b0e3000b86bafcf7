import { describe, expect, it } from 'vitest';
import { isStatusCode, Status, statusFromName, statusName } from '../src/index.js';

describe('Status', () => {
  it('numbers the canonical gRPC codes 0..16 in order', () => {
    expect(Object.entries(Status)).toEqual([
      ['OK', 0],
      ['CANCELLED', 1],
      ['UNKNOWN', 2],
      ['INVALID_ARGUMENT', 3],
      ['DEADLINE_EXCEEDED', 4],
      ['NOT_FOUND', 5],
      ['ALREADY_EXISTS', 6],
      ['PERMISSION_DENIED', 7],
      ['RESOURCE_EXHAUSTED', 8],
      ['FAILED_PRECONDITION', 9],
      ['ABORTED', 10],
      ['OUT_OF_RANGE', 11],
      ['UNIMPLEMENTED', 12],
      ['INTERNAL', 13],
      ['UNAVAILABLE', 14],
      ['DATA_LOSS', 15],
      ['UNAUTHENTICATED', 16],
    ]);
  });

  it('names codes and finds codes by name', () => {
    for (const [name, code] of Object.entries(Status)) {
      expect(statusName(code)).toBe(name);
      expect(statusFromName(name)).toBe(code);
    }
    expect(statusName(17)).toBe('UNKNOWN');
    expect(statusName(1.5)).toBe('UNKNOWN');
    expect(statusFromName('toString')).toBeUndefined();
    expect(statusFromName('ok')).toBeUndefined();
  });

  it('recognises only integers 0..16 as codes', () => {
    expect([0, 16].every(isStatusCode)).toBe(true);
    expect([-1, 17, 2.5, '3', null].some(isStatusCode)).toBe(false);
  });
});
