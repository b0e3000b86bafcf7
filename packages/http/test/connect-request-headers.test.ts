import { Status } from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import {
  checkProtocolVersion,
  connectContentType,
  parseConnectContentType,
  parseConnectTimeout,
  readConnectCallHeaders,
  readContentEncoding,
  responseEncoding,
} from '../src/connect/connect-request-headers.js';

describe('Connect content types', () => {
  it('know the unary and streaming types of both codecs, any case, with a UTF-8 charset', () => {
    expect(parseConnectContentType('application/json')).toEqual({
      streaming: false,
      codec: 'json',
    });
    expect(parseConnectContentType('Application/JSON; charset=utf-8')).toEqual({
      streaming: false,
      codec: 'json',
    });
    expect(parseConnectContentType('application/proto')).toEqual({
      streaming: false,
      codec: 'proto',
    });
    expect(parseConnectContentType('application/connect+json;charset="UTF-8"')).toEqual({
      streaming: true,
      codec: 'json',
    });
    expect(parseConnectContentType('application/connect+proto')).toEqual({
      streaming: true,
      codec: 'proto',
    });
  });

  it('refuse anything else (the handler answers 415)', () => {
    for (const type of [
      undefined,
      '',
      'text/plain',
      'application/grpc',
      'application/connect+yaml',
      'application/json; charset=latin1',
      'application/jsonx',
    ]) {
      expect(parseConnectContentType(type)).toBeUndefined();
    }
  });

  it('name the response content type', () => {
    expect(connectContentType({ streaming: true, codec: 'proto' })).toBe(
      'application/connect+proto',
    );
    expect(connectContentType({ streaming: false, codec: 'json' })).toBe('application/json');
  });
});

describe('connect-timeout-ms', () => {
  it('is milliseconds, up to 10 digits; absent is no deadline', () => {
    expect(parseConnectTimeout(undefined)).toBe(0);
    expect(parseConnectTimeout('5000')).toBe(5000);
    expect(parseConnectTimeout('9999999999')).toBe(9_999_999_999);
  });

  it('refuses a malformed value with INVALID_ARGUMENT, and 0 with DEADLINE_EXCEEDED', () => {
    for (const value of ['', '-1', '1.5', '12345678901', '10s', ' 5']) {
      expect(() => parseConnectTimeout(value)).toThrow(
        expect.objectContaining({ code: Status.INVALID_ARGUMENT }),
      );
    }
    expect(() => parseConnectTimeout('0')).toThrow(
      expect.objectContaining({ code: Status.DEADLINE_EXCEEDED }),
    );
  });
});

describe('connect-protocol-version', () => {
  it('may be absent (lenient) or 1; anything else is INVALID_ARGUMENT', () => {
    expect(() => checkProtocolVersion(undefined)).not.toThrow();
    expect(() => checkProtocolVersion('1')).not.toThrow();
    expect(() => checkProtocolVersion('2')).toThrow(
      expect.objectContaining({ code: Status.INVALID_ARGUMENT }),
    );
  });
});

describe('compression negotiation', () => {
  it('reads identity and gzip; another encoding is UNIMPLEMENTED naming the supported ones', () => {
    expect(readContentEncoding(undefined, 'content-encoding')).toBe('identity');
    expect(readContentEncoding('GZIP', 'content-encoding')).toBe('gzip');
    expect(readContentEncoding('identity', 'content-encoding')).toBe('identity');
    expect(() => readContentEncoding('br', 'connect-content-encoding')).toThrow(
      expect.objectContaining({
        code: Status.UNIMPLEMENTED,
        message:
          'connect-content-encoding "br" is not supported (supported: gzip, deflate, identity)',
      }),
    );
  });

  it('answers with the wanted encoding when the client accepts it, else identity', () => {
    expect(responseEncoding('gzip', 'br, gzip', 'identity')).toBe('gzip');
    expect(responseEncoding('gzip', 'br', 'gzip')).toBe('identity');
    expect(responseEncoding('identity', 'gzip', 'gzip')).toBe('identity');
  });

  it('takes a client without an accept list to accept what it sent with', () => {
    expect(responseEncoding('gzip', undefined, 'gzip')).toBe('gzip');
    expect(responseEncoding('gzip', undefined, 'identity')).toBe('identity');
  });
});

describe("a call's headers", () => {
  const stream = {
    name: 'connect-content-encoding',
    value: 'gzip',
    accept: 'connect-accept-encoding',
  };

  it('read the timeout and both encodings from where the request names them', () => {
    const headers = { 'connect-timeout-ms': '250', 'connect-accept-encoding': 'gzip' };
    expect(readConnectCallHeaders(headers, 'gzip', stream)).toEqual({
      timeoutMs: 250,
      requestEncoding: 'gzip',
      responseEncoding: 'gzip',
    });
    expect(
      readConnectCallHeaders({ 'accept-encoding': 'br' }, 'gzip', {
        name: 'compression',
        value: undefined,
        accept: 'accept-encoding',
      }),
    ).toEqual({ timeoutMs: 0, requestEncoding: 'identity', responseEncoding: 'identity' });
  });

  it('throw what a bad timeout or encoding is', () => {
    expect(() => readConnectCallHeaders({ 'connect-timeout-ms': 'x' }, 'gzip', stream)).toThrow(
      expect.objectContaining({ code: Status.INVALID_ARGUMENT }),
    );
    expect(() => readConnectCallHeaders({}, 'gzip', { ...stream, value: 'br' })).toThrow(
      expect.objectContaining({ code: Status.UNIMPLEMENTED }),
    );
  });
});
