import { describe, expect, it } from 'vitest';
import { ProtocolError, Status } from '../src/index.js';

describe('ProtocolError', () => {
  it('carries its code, the status it maps to and the offending value', () => {
    const error = new ProtocolError('unsupported-version', 'v9', 9);
    expect(error).toMatchObject({
      name: 'ProtocolError',
      code: 'unsupported-version',
      status: Status.UNIMPLEMENTED,
      value: 9,
    });
    expect(new ProtocolError('buffer-limit', 'x').status).toBe(Status.RESOURCE_EXHAUSTED);
    expect(new ProtocolError('invalid-meta', 'x').status).toBe(Status.INVALID_ARGUMENT);
    expect(new ProtocolError('bad-magic', 'x').status).toBe(Status.INTERNAL);
  });
});
