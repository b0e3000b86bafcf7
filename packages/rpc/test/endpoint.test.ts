import { describe, expect, it } from 'vitest';
import { describeEndpoint } from '../src/connection/endpoint.js';

describe('describeEndpoint', () => {
  it('writes TCP, IPv6, Unix and TLS endpoints the way people read them', () => {
    expect(describeEndpoint({ host: '127.0.0.1', port: 50051 })).toBe('127.0.0.1:50051');
    expect(describeEndpoint({ host: '::1', port: 7 })).toBe('[::1]:7');
    expect(describeEndpoint({ port: 7 })).toBe('127.0.0.1:7');
    expect(describeEndpoint({ path: '/tmp/a.sock' })).toBe('unix:/tmp/a.sock');
    expect(describeEndpoint({ host: 'h', port: 1, tls: {} })).toBe('tls:h:1');
  });
});
