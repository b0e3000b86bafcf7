import { isRpcError, Status } from '@yrpc/rpc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGrpcTimeout, parseGrpcTimeout } from '../src/grpc/grpc-timeout.js';

describe('grpc-timeout', () => {
  it('reads every unit', () => {
    expect(parseGrpcTimeout('2H')).toBe(7_200_000);
    expect(parseGrpcTimeout('3M')).toBe(180_000);
    expect(parseGrpcTimeout('5S')).toBe(5_000);
    expect(parseGrpcTimeout('250m')).toBe(250);
    expect(parseGrpcTimeout('1500u')).toBeCloseTo(1.5);
    expect(parseGrpcTimeout('2000000n')).toBeCloseTo(2);
    expect(parseGrpcTimeout('99999999H')).toBe(99_999_999 * 3_600_000);
    expect(parseGrpcTimeout('0m')).toBe(0);
  });

  it('refuses what the specification does not allow, as INVALID_ARGUMENT', () => {
    for (const bad of [
      '',
      '5',
      'S',
      '123456789S',
      '-1S',
      '1.5S',
      ' 1S',
      '1 S',
      '1s',
      '1h',
      '0x1S',
    ]) {
      let error: unknown;
      try {
        parseGrpcTimeout(bad);
      } catch (thrown) {
        error = thrown;
      }
      expect(isRpcError(error) && error.code, bad).toBe(Status.INVALID_ARGUMENT);
      expect(String(error)).toContain('malformed grpc-timeout');
    }
  });

  it('writes a value that reads back no shorter and at most one unit longer', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e13, noNaN: true }), (ms) => {
        const text = formatGrpcTimeout(ms);
        expect(text).toMatch(/^\d{1,8}[HMSmun]$/);
        const back = parseGrpcTimeout(text);
        expect(back).toBeGreaterThanOrEqual(ms * (1 - 1e-12));
        const unit = parseGrpcTimeout(`1${text.slice(-1)}`);
        expect(back - ms).toBeLessThanOrEqual(unit * (1 + 1e-9));
      }),
    );
    expect(formatGrpcTimeout(0)).toBe('0n');
    expect(formatGrpcTimeout(-5)).toBe('0n');
    expect(formatGrpcTimeout(0.3)).toBe('300000n');
    expect(formatGrpcTimeout(1000)).toBe('1000000u');
    expect(formatGrpcTimeout(1e20)).toBe('99999999H');
  });
});
