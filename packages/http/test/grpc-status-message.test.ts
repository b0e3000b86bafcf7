import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGrpcMessage, encodeGrpcMessage } from '../src/grpc/grpc-status-message.js';

describe('grpc-message percent-encoding', () => {
  it('reads back any well-formed string, and writes only Percent-Encoded characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (message) => {
        const encoded = encodeGrpcMessage(message);
        expect(encoded).toMatch(/^([\x20-\x24\x26-\x7e]|%[0-9A-F]{2})*$/);
        expect(decodeGrpcMessage(encoded)).toBe(message);
      }),
    );
  });

  it('leaves printable ASCII alone and encodes the rest as UTF-8', () => {
    expect(encodeGrpcMessage('not found: /a b')).toBe('not found: /a b');
    expect(encodeGrpcMessage('100%')).toBe('100%25');
    expect(encodeGrpcMessage('a\nb')).toBe('a%0Ab');
    expect(encodeGrpcMessage('café 🚀')).toBe('caf%C3%A9 %F0%9F%9A%80');
  });

  it('never throws on a bad value: broken sequences stay, bad UTF-8 becomes U+FFFD', () => {
    expect(decodeGrpcMessage('50%')).toBe('50%');
    expect(decodeGrpcMessage('%zz%4')).toBe('%zz%4');
    expect(decodeGrpcMessage('%FF ok')).toBe('\uFFFD ok');
    expect(decodeGrpcMessage('caf%C3%A9 é')).toBe('café é');
    fc.assert(fc.property(fc.string(), (value) => void decodeGrpcMessage(value)));
  });
});
