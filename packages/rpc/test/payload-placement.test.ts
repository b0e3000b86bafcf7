import { describe, expect, it } from 'vitest';
import {
  COPY_INTO_OUTPUT_MAX,
  OWNED_WRITE_MIN,
  writesApart,
} from '../src/flow/payload-placement.js';

describe('writesApart', () => {
  it('sends an owned payload of 16 KiB and more without copying it', () => {
    expect(writesApart(OWNED_WRITE_MIN - 1, true)).toBe(false);
    expect(writesApart(OWNED_WRITE_MIN, true)).toBe(true);
    expect(writesApart(64 * 1024 * 1024, true)).toBe(true);
  });

  it('copies a shared view into the output up to 1 MiB, into an array of its own above', () => {
    expect(writesApart(16, false)).toBe(false);
    expect(writesApart(64 * 1024, false)).toBe(false);
    expect(writesApart(COPY_INTO_OUTPUT_MAX, false)).toBe(false);
    expect(writesApart(COPY_INTO_OUTPUT_MAX + 1, false)).toBe(true);
  });
});
