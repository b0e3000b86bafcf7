import { isRpcError, Server, Status } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStatusDetails } from '../src/grpc/grpc-status-details.js';
import { decodeGrpcMessage } from '../src/grpc/grpc-status-message.js';
import { type LengthPrefixedMessage, MessageDeframer } from '../src/grpc/message-deframer.js';
import { frameMessage } from '../src/grpc/message-framer.js';
import { Base64StreamDecoder } from '../src/grpc-web/base64-stream-decoder.js';
import { parseTrailerBlock } from '../src/grpc-web/grpc-web-trailers.js';
import { httpProtocols } from '../src/http-protocols.js';
import {
  DOUBLE_DETAIL,
  InteropLog,
  Numbers,
  NumberType,
  numbersImplementation,
  SumType,
} from './helpers/interop-service.js';
import { http2Request } from './helpers/raw-http2.js';

const log = new InteropLog();
let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = new Server({ protocols: [httpProtocols()] });
  server.addService(Numbers, numbersImplementation(log));
  ({ port } = (await server.listen({ host: '127.0.0.1', port: 0 })) as { port: number });
  base = `http://127.0.0.1:${port}/yrpc.test.interop.Numbers`;
});

afterAll(async () => {
  await server.close();
});

/** A gRPC-Web response read whole: its messages and its trailers (from the trailer frame). */
interface WebResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly messages: Uint8Array[];
  readonly trailers: Map<string, string>;
}

async function call(
  method: string,
  requests: Uint8Array[],
  { text = false, headers = {} }: { text?: boolean; headers?: Record<string, string> } = {},
): Promise<WebResponse> {
  const frames = Buffer.concat(requests.map((request) => frameMessage(0, request)));
  const response = await fetch(`${base}/${method}`, {
    method: 'POST',
    headers: {
      'content-type': text ? 'application/grpc-web-text' : 'application/grpc-web+proto',
      'x-grpc-web': '1',
      ...headers,
    },
    // Text: each frame encoded on its own, padded, as gRPC-Web clients may send them.
    body: text
      ? requests.map((request) => frameMessage(0, request).toString('base64')).join('')
      : frames,
    signal: AbortSignal.timeout(5000),
  });
  let body = Buffer.from(await response.arrayBuffer());
  if (text) {
    const decoder = new Base64StreamDecoder();
    body = Buffer.concat([decoder.push(body), decoder.end()]);
  }
  const deframed: LengthPrefixedMessage[] = new MessageDeframer(1 << 24).push(body);
  const trailerFrames = deframed.filter((frame) => frame.flags === 0x80);
  expect(trailerFrames).toHaveLength(response.status === 200 ? 1 : 0);
  // The trailer frame is the last one.
  if (trailerFrames.length > 0) expect(deframed.at(-1)?.flags).toBe(0x80);
  const trailers = new Map<string, string>();
  for (const { key, value } of parseTrailerBlock(trailerFrames[0]?.payload ?? new Uint8Array(0))) {
    trailers.set(key, value);
  }
  return {
    status: response.status,
    headers: response.headers,
    messages: deframed.filter((frame) => frame.flags === 0).map((frame) => frame.payload),
    trailers,
  };
}

const number = (value: number) => NumberType.encode({ value }).finish();
const numberValue = (bytes: Uint8Array) =>
  (NumberType.decode(bytes) as unknown as { value: number }).value;

describe('gRPC-Web over HTTP/1.1 (fetch)', () => {
  for (const text of [false, true]) {
    const kind = text ? 'text' : 'binary';

    it(`makes a unary call (${kind}), headers in the HTTP headers and trailers in the body`, async () => {
      const response = await call('Double', [number(21)], { text, headers: { 'x-token': 't1' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        text ? 'application/grpc-web-text' : 'application/grpc-web+proto',
      );
      expect(response.headers.get('x-token')).toBe('t1');
      expect(response.messages.map(numberValue)).toEqual([42]);
      expect(response.trailers.get('grpc-status')).toBe('0');
      expect(response.trailers.get('x-cost')).toBe('3');
    });

    it(`reads a server stream (${kind})`, async () => {
      const response = await call('Count', [number(4)], { text });
      expect(response.messages.map(numberValue)).toEqual([1, 2, 3, 4]);
      expect(response.trailers.get('grpc-status')).toBe('0');
    });

    it(`sends a client stream in one body (${kind})`, async () => {
      const response = await call('Add', [number(1), number(2), number(3)], { text });
      expect(response.messages.map((m) => SumType.toObject(SumType.decode(m)))).toEqual([
        { total: 6, count: 3 },
      ]);
    });
  }

  it('puts an error, its details and its metadata in the trailer frame', async () => {
    const response = await call('Double', [number(-1)]);
    expect(response.status).toBe(200);
    expect(response.messages).toEqual([]);
    expect(response.trailers.get('grpc-status')).toBe(String(Status.INVALID_ARGUMENT));
    expect(decodeGrpcMessage(response.trailers.get('grpc-message') ?? '')).toBe('negative: -1 ✗');
    expect(response.trailers.get('x-why')).toBe('negative');
    const details = decodeStatusDetails(
      Buffer.from(response.trailers.get('grpc-status-details-bin') ?? '', 'base64'),
    );
    expect(details.details.map((d) => d.typeUrl)).toEqual([DOUBLE_DETAIL.typeUrl]);
  });

  it('answers an unknown method with UNIMPLEMENTED, and a bad text body with INVALID_ARGUMENT', async () => {
    const unknown = await call('Nope', [number(1)]);
    expect(unknown.trailers.get('grpc-status')).toBe(String(Status.UNIMPLEMENTED));
    const response = await fetch(`${base}/Double`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web-text' },
      body: '!!!!',
      signal: AbortSignal.timeout(5000),
    });
    const decoder = new Base64StreamDecoder();
    const body = Buffer.concat([
      decoder.push(Buffer.from(await response.arrayBuffer())),
      decoder.end(),
    ]);
    const [trailer] = new MessageDeframer(1 << 20).push(body);
    const status = parseTrailerBlock(trailer?.payload ?? new Uint8Array(0)).find(
      (entry) => entry.key === 'grpc-status',
    );
    expect(status?.value).toBe(String(Status.INVALID_ARGUMENT));
  });

  it('answers a GET with 405 and gRPC (not gRPC-Web) over HTTP/1.1 with 505', async () => {
    const get = await fetch(`${base}/Double`, {
      headers: { 'content-type': 'application/grpc-web+proto' },
      signal: AbortSignal.timeout(5000),
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    await get.arrayBuffer();
    const grpc = await fetch(`${base}/Double`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc', te: 'trailers' },
      body: frameMessage(0, number(1)),
      signal: AbortSignal.timeout(5000),
    });
    expect(grpc.status).toBe(505);
    expect(await grpc.text()).toContain('gRPC needs HTTP/2');
  });

  it('answers another codec with UNIMPLEMENTED in the trailer frame, naming the proto type', async () => {
    for (const text of [false, true]) {
      const json = text ? 'application/grpc-web-text+json' : 'application/grpc-web+json';
      const proto = text ? 'application/grpc-web-text+proto' : 'application/grpc-web+proto';
      const response = await call('Double', [number(1)], {
        text,
        headers: { 'content-type': json },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(proto);
      expect(response.headers.get('grpc-accept-encoding')).toBe('gzip,deflate,identity');
      expect(response.messages).toEqual([]);
      expect(response.trailers.get('grpc-status')).toBe(String(Status.UNIMPLEMENTED));
      expect(decodeGrpcMessage(response.trailers.get('grpc-message') ?? '')).toBe(
        `content-type ${json} is not supported; use ${proto}`,
      );
    }
  });

  it('serves gRPC-Web over HTTP/2 too, the trailers in the body, none in HTTP trailers', async () => {
    const response = await http2Request(
      port,
      {
        ':path': '/yrpc.test.interop.Numbers/Count',
        'content-type': 'application/grpc-web-text+proto',
      },
      Buffer.from(frameMessage(0, number(2)).toString('base64')),
    );
    expect(response.headers[':status']).toBe(200);
    expect(response.trailers).toEqual({});
    const decoder = new Base64StreamDecoder();
    const frames = new MessageDeframer(1 << 20).push(
      Buffer.concat([decoder.push(response.body), decoder.end()]),
    );
    expect(frames.map((frame) => frame.flags)).toEqual([0, 0, 0x80]);
    expect(frames.slice(0, 2).map((frame) => numberValue(frame.payload))).toEqual([1, 2]);
    expect(parseTrailerBlock(frames[2]?.payload ?? new Uint8Array(0))).toContainEqual({
      key: 'grpc-status',
      value: '0',
    });
  });

  it('stops the handler when the client goes away, and at the grpc-timeout', async () => {
    const cancelled = log.nextAbort();
    const controller = new AbortController();
    const request = fetch(`${base}/Wait`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web+proto' },
      body: frameMessage(0, number(1)),
      signal: controller.signal,
    });
    // The response headers wait for the first message: abort while the handler waits.
    setTimeout(() => controller.abort(), 100);
    await expect(request).rejects.toThrow();
    const reason = await cancelled;
    expect(isRpcError(reason) && reason.code).toBe(Status.CANCELLED);

    const expired = log.nextAbort();
    const response = await call('Wait', [number(1)], { headers: { 'grpc-timeout': '100m' } });
    expect(response.trailers.get('grpc-status')).toBe(String(Status.DEADLINE_EXCEEDED));
    const deadline = await expired;
    expect(isRpcError(deadline) && deadline.code).toBe(Status.DEADLINE_EXCEEDED);
  });
});
