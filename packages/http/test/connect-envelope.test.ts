import { RpcError, Status } from '@yrpc/rpc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENVELOPE_COMPRESSED,
  ENVELOPE_END_STREAM,
  encodeEnvelope,
  endStreamEnvelope,
  metadataObject,
} from '../src/connect/connect-envelope.js';
import { MessageDeframer } from '../src/grpc/message-deframer.js';

/** The JSON of an EndStreamResponse envelope, its flags checked. */
function endStreamJson(envelope: Uint8Array): unknown {
  expect(envelope[0]).toBe(ENVELOPE_END_STREAM);
  const length = Buffer.from(envelope).readUInt32BE(1);
  expect(envelope.length).toBe(5 + length);
  return JSON.parse(Buffer.from(envelope.subarray(5)).toString('utf8'));
}

describe('Connect envelopes', () => {
  it('are a flags byte, a big-endian uint32 length and the message', () => {
    const envelope = encodeEnvelope(ENVELOPE_COMPRESSED, new Uint8Array([7, 8, 9]));
    expect([...envelope]).toEqual([0x01, 0, 0, 0, 3, 7, 8, 9]);
    expect([...encodeEnvelope(0, new Uint8Array())]).toEqual([0, 0, 0, 0, 0]);
  });

  it('copy the message, so a shared buffer can be reused', () => {
    const shared = new Uint8Array([1, 2]);
    const envelope = encodeEnvelope(0, shared);
    shared[0] = 9;
    expect(envelope[5]).toBe(1);
  });

  it('read back whatever the chunk boundaries (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(0, ENVELOPE_COMPRESSED), fc.uint8Array({ maxLength: 300 })),
          {
            maxLength: 8,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }),
        (messages, cuts) => {
          const wire = Buffer.concat(
            messages.map(([flags, bytes]) => encodeEnvelope(flags, bytes)),
          );
          const deframer = new MessageDeframer(1024);
          const read: Array<[number, number[]]> = [];
          let offset = 0;
          for (let i = 0; offset < wire.length; i++) {
            const size = cuts[i % cuts.length] ?? 1;
            for (const m of deframer.push(wire.subarray(offset, offset + size))) {
              read.push([m.flags, [...m.payload]]);
            }
            offset += size;
          }
          expect(deframer.partial).toBe(false);
          expect(read).toEqual(messages.map(([flags, bytes]) => [flags, [...bytes]]));
        },
      ),
    );
  });

  it('over the size limit are refused from their header, RESOURCE_EXHAUSTED', () => {
    const deframer = new MessageDeframer(16);
    const header = encodeEnvelope(0, new Uint8Array(17)).subarray(0, 5);
    expect(() => deframer.push(header)).toThrow(
      expect.objectContaining({ code: Status.RESOURCE_EXHAUSTED }),
    );
  });
});

describe('the EndStreamResponse', () => {
  it('is {} for a success without trailers', () => {
    expect(endStreamJson(endStreamEnvelope(undefined, []))).toEqual({});
  });

  it('carries the trailers as arrays of values under metadata', () => {
    const trailers = [
      { key: 'acme-cost', value: '237' },
      { key: 'Acme-Cost', value: '1' },
      { key: 'acme-bin', value: 'AAE' },
    ];
    expect(endStreamJson(endStreamEnvelope(undefined, trailers))).toEqual({
      metadata: { 'acme-cost': ['237', '1'], 'acme-bin': ['AAE'] },
    });
  });

  it('carries the error JSON, and the error metadata the caller merged in', () => {
    const error = new RpcError(Status.UNAVAILABLE, 'overloaded', {
      details: [
        {
          typeUrl: 'type.googleapis.com/google.rpc.RetryInfo',
          value: new Uint8Array([10, 2, 8, 60]),
        },
      ],
    });
    expect(endStreamJson(endStreamEnvelope(error, [{ key: 'x-why', value: 'load' }]))).toEqual({
      error: {
        code: 'unavailable',
        message: 'overloaded',
        details: [{ type: 'google.rpc.RetryInfo', value: 'CgIIPA' }],
      },
      metadata: { 'x-why': ['load'] },
    });
  });
});

describe('metadataObject', () => {
  it('leaves out reserved keys and keys outside Header-Name', () => {
    expect(
      metadataObject([
        { key: 'content-type', value: 'x' },
        { key: 'connect-timeout-ms', value: '1' },
        { key: 'grpc-status', value: '0' },
        { key: 'bad key', value: 'x' },
        { key: 'good.key_1', value: 'y' },
      ]),
    ).toEqual({ 'good.key_1': ['y'] });
  });
});
