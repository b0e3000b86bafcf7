import { once } from 'node:events';
import { connect } from 'node:http2';
import { setTimeout as sleep } from 'node:timers/promises';
import { deflateSync, gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { Client, isRpcError, Server, Status } from '@yrpc/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStatusDetails } from '../src/grpc/grpc-status-details.js';
import { MessageDeframer } from '../src/grpc/message-deframer.js';
import { frameMessage } from '../src/grpc/message-framer.js';
import { httpProtocols } from '../src/http-protocols.js';
import {
  DOUBLE_DETAIL,
  INTEROP_PROTO,
  InteropLog,
  Numbers,
  NumberType,
  numbersImplementation,
} from './helpers/interop-service.js';
import { http2Request } from './helpers/raw-http2.js';

type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;
interface NumberMessage {
  value?: number;
  payload?: Buffer;
}
/** The grpc-js client of the Numbers service, as proto-loader makes it. */
interface NumbersClient extends grpc.Client {
  Double(
    request: NumberMessage,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: Callback<NumberMessage>,
  ): grpc.ClientUnaryCall;
  Count(request: NumberMessage): grpc.ClientReadableStream<NumberMessage>;
  Add(
    callback: Callback<{ total: number; count: number }>,
  ): grpc.ClientWritableStream<NumberMessage>;
  Echo(): grpc.ClientDuplexStream<NumberMessage, NumberMessage>;
  Hold(
    callback: Callback<{ total: number; count: number }>,
  ): grpc.ClientWritableStream<NumberMessage>;
  Flood(request: NumberMessage): grpc.ClientReadableStream<NumberMessage>;
  Wait(
    request: NumberMessage,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: Callback<NumberMessage>,
  ): grpc.ClientUnaryCall;
}
type NumbersConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => NumbersClient;

const definition = protoLoader.loadSync(INTEROP_PROTO, { defaults: true });
const NumbersGrpc = (
  grpc.loadPackageDefinition(definition) as unknown as {
    yrpc: { test: { interop: { Numbers: NumbersConstructor } } };
  }
).yrpc.test.interop.Numbers;

const log = new InteropLog();
let server: Server;
let port: number;
const clients: grpc.Client[] = [];

function client(options: grpc.ChannelOptions = {}): NumbersClient {
  const made = new NumbersGrpc(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  clients.push(made);
  return made;
}

function double(
  stub: NumbersClient,
  request: NumberMessage,
  metadata = new grpc.Metadata(),
  options: grpc.CallOptions = {},
) {
  return new Promise<{
    error: grpc.ServiceError | null;
    value: NumberMessage | undefined;
    headers: grpc.Metadata | undefined;
    status: grpc.StatusObject;
  }>((resolve) => {
    let headers: grpc.Metadata | undefined;
    let result: { error: grpc.ServiceError | null; value: NumberMessage | undefined };
    const call = stub.Double(request, metadata, options, (error, value) => {
      result = { error, value };
    });
    call.on('metadata', (received) => {
      headers = received;
    });
    call.on('status', (status) => setImmediate(() => resolve({ ...result, headers, status })));
  });
}

beforeAll(async () => {
  server = new Server({ protocols: [httpProtocols({ sendCompression: 'gzip' })] });
  server.addService(Numbers, numbersImplementation(log));
  ({ port } = (await server.listen({ host: '127.0.0.1', port: 0 })) as { port: number });
});

afterAll(async () => {
  for (const made of clients) made.close();
  await server.close();
});

describe('a grpc-js client calling a yrpc server over gRPC', () => {
  it('makes a unary call, with metadata both ways (a -bin key among them) and trailers', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-token', 'abc');
    const blob = Buffer.from([0, 1, 2, 0xfe, 0xff]);
    metadata.set('x-blob-bin', blob);
    const { error, value, headers, status } = await double(client(), { value: 21 }, metadata);
    expect(error).toBeNull();
    expect(value?.value).toBe(42);
    expect(headers?.get('x-token')).toEqual(['abc']);
    expect(status.code).toBe(grpc.status.OK);
    expect(status.metadata.get('x-cost')).toEqual(['3']);
    expect(status.metadata.get('x-blob-bin')).toEqual([blob]);
  });

  it('gets an error with its code, message, details and metadata', async () => {
    const { error, status } = await double(client(), { value: -1 });
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toBe('negative: -1 ✗');
    expect(status.metadata.get('x-why')).toEqual(['negative']);
    expect(status.metadata.get('x-cost')).toEqual(['3']);
    const [bin] = status.metadata.get('grpc-status-details-bin') as Buffer[];
    const details = decodeStatusDetails(bin ?? Buffer.alloc(0));
    expect(details.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(details.message).toBe('negative: -1 ✗');
    expect(details.details.map((d) => [d.typeUrl, Buffer.from(d.value)])).toEqual([
      [DOUBLE_DETAIL.typeUrl, Buffer.from(DOUBLE_DETAIL.value)],
    ]);
  });

  it('reads a server stream', async () => {
    const values: number[] = [];
    const stream = client().Count({ value: 5 });
    for await (const message of stream) values.push((message as NumberMessage).value ?? 0);
    expect(values).toEqual([1, 2, 3, 4, 5]);
  });

  it('sends a client stream', async () => {
    const sum = await new Promise<{ total: number; count: number } | undefined>(
      (resolve, reject) => {
        const call = client().Add((error, value) => (error ? reject(error) : resolve(value)));
        for (let i = 1; i <= 10; i++) call.write({ value: i });
        call.end();
      },
    );
    expect(sum).toEqual({ total: 55, count: 10 });
  });

  it('streams both ways, answers arriving while requests are sent', async () => {
    const call = client().Echo();
    const got: number[] = [];
    for (let i = 1; i <= 3; i++) {
      call.write({ value: i });
      const [message] = (await new Promise((resolve) =>
        call.once('data', (m) => resolve([m])),
      )) as [NumberMessage];
      got.push(message.value ?? 0);
    }
    call.end();
    await new Promise((resolve) => call.on('status', resolve));
    expect(got).toEqual([1, 2, 3]);
  });

  it('has a passed deadline end the call with DEADLINE_EXCEEDED and abort the handler', async () => {
    const aborted = log.nextAbort();
    const result = await new Promise<grpc.ServiceError | null>((resolve) =>
      client().Wait({}, new grpc.Metadata(), { deadline: Date.now() + 150 }, (e) => resolve(e)),
    );
    expect(result?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    const reason = await aborted;
    expect(isRpcError(reason) && reason.code).toBe(Status.DEADLINE_EXCEEDED);
  });

  it('has a cancel stop the handler (its signal aborts with CANCELLED)', async () => {
    const aborted = log.nextAbort();
    const stub = client();
    const failed = new Promise<grpc.ServiceError | null>((resolve) => {
      const call = stub.Wait({}, new grpc.Metadata(), {}, (e) => resolve(e));
      setTimeout(() => call.cancel(), 100);
    });
    expect((await failed)?.code).toBe(grpc.status.CANCELLED);
    const reason = await aborted;
    expect(isRpcError(reason) && reason.code).toBe(Status.CANCELLED);
  });

  it('compresses with gzip both ways', async () => {
    const payload = Buffer.alloc(64 * 1024, 'compressible ');
    const { error, value } = await double(client({ 'grpc.default_compression_algorithm': 2 }), {
      value: 2,
      payload,
    });
    expect(error).toBeNull();
    expect(value?.value).toBe(4);
    expect(Buffer.from(value?.payload ?? []).equals(payload)).toBe(true);

    // The wire itself: a gzip request is read, and the response comes compressed (flag 1).
    const request = NumberType.encode({ value: 3, payload }).finish();
    const response = await http2Request(
      port,
      {
        ':path': '/yrpc.test.interop.Numbers/Double',
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-encoding': 'gzip',
        'grpc-accept-encoding': 'gzip',
      },
      frameMessage(1, gzipSync(request)),
    );
    expect(response.headers['grpc-encoding']).toBe('gzip');
    expect(response.trailers['grpc-status']).toBe('0');
    const [frame] = new MessageDeframer(1 << 24).push(response.body);
    expect(frame?.flags).toBe(1);
    expect(frame !== undefined && frame.payload.length < payload.length / 10).toBe(true);
  });

  it('reads deflate from a grpc-js client that compresses with it, and cuts a deflate bomb off', async () => {
    const payload = Buffer.alloc(64 * 1024, 'compressible ');
    const { error, value } = await double(client({ 'grpc.default_compression_algorithm': 1 }), {
      value: 5,
      payload,
    });
    expect(error).toBeNull();
    expect(value?.value).toBe(10);
    expect(Buffer.from(value?.payload ?? []).equals(payload)).toBe(true);

    // The wire itself: a deflate (zlib) request is read (the answer uncompressed: none accepted).
    const request = NumberType.encode({ value: 3, payload }).finish();
    const headers = {
      ':path': '/yrpc.test.interop.Numbers/Double',
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-encoding': 'deflate',
    };
    const response = await http2Request(port, headers, frameMessage(1, deflateSync(request)));
    expect(response.trailers['grpc-status']).toBe('0');
    const [frame] = new MessageDeframer(1 << 24).push(response.body);
    expect(frame?.flags).toBe(0);
    expect(NumberType.decode(frame?.payload ?? new Uint8Array())).toMatchObject({ value: 6 });

    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    const cut = await http2Request(port, headers, frameMessage(1, bomb));
    expect(cut.headers['grpc-status']).toBe(String(Status.RESOURCE_EXHAUSTED));
  });

  it('cuts a compression bomb off at the message size limit with RESOURCE_EXHAUSTED', async () => {
    // 64 MiB of zeros gzip to about 64 KiB; the server's limit is 16 MiB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const started = performance.now();
    const response = await http2Request(
      port,
      {
        ':path': '/yrpc.test.interop.Numbers/Double',
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-encoding': 'gzip',
      },
      frameMessage(1, bomb),
    );
    expect(response.headers[':status']).toBe(200);
    expect(response.headers['grpc-status']).toBe(String(Status.RESOURCE_EXHAUSTED));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses an encoding it does not support with UNIMPLEMENTED, listing what it reads', async () => {
    const response = await http2Request(
      port,
      {
        ':path': '/yrpc.test.interop.Numbers/Double',
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-encoding': 'snappy',
      },
      frameMessage(1, Buffer.from('x')),
    );
    expect(response.headers['grpc-status']).toBe(String(Status.UNIMPLEMENTED));
    expect(response.headers['grpc-accept-encoding']).toBe('gzip,deflate,identity');
  });

  it('answers an unknown method with UNIMPLEMENTED', async () => {
    const stub = client();
    const error = await new Promise<grpc.ServiceError | null>((resolve) =>
      stub.makeUnaryRequest(
        '/yrpc.test.interop.Numbers/Nope',
        (value: Buffer) => value,
        (value: Buffer) => value,
        Buffer.alloc(0),
        (e) => resolve(e),
      ),
    );
    expect(error?.code).toBe(grpc.status.UNIMPLEMENTED);
  });

  it('answers another gRPC codec with UNIMPLEMENTED, and a non-gRPC content-type with 415', async () => {
    const json = await http2Request(
      port,
      {
        ':path': '/yrpc.test.interop.Numbers/Double',
        'content-type': 'application/grpc+json',
        te: 'trailers',
      },
      frameMessage(0, Buffer.from('{"value":1}')),
    );
    expect(json.headers[':status']).toBe(200);
    expect(json.headers['grpc-status']).toBe(String(Status.UNIMPLEMENTED));
    const text = await http2Request(
      port,
      { ':path': '/yrpc.test.interop.Numbers/Double', 'content-type': 'text/plain' },
      Buffer.from('hello'),
    );
    expect(text.headers[':status']).toBe(415);
    const put = await http2Request(
      port,
      {
        ':method': 'PUT',
        ':path': '/yrpc.test.interop.Numbers/Double',
        'content-type': 'application/grpc',
        te: 'trailers',
      },
      new Uint8Array(0),
    );
    expect(put.headers[':status']).toBe(405);
    expect(put.headers.allow).toBe('POST');
    expect(put.headers['grpc-status']).toBe(String(Status.UNIMPLEMENTED));
  });

  it('leaves the yrpc protocol working on the same port', async () => {
    const yrpc = new Client({ host: '127.0.0.1', port });
    try {
      const numbers = yrpc.service(Numbers) as unknown as {
        Double(request: NumberMessage): Promise<NumberMessage>;
      };
      expect((await numbers.Double({ value: 5 })).value).toBe(10);
    } finally {
      await yrpc.close();
    }
  });

  it('holds a client stream back while its handler does not read (request flow control)', async () => {
    const release = log.hold();
    const payload = Buffer.alloc(64 * 1024, 1);
    const messages = 256; // 16 MiB
    let written = 0;
    let call: grpc.ClientWritableStream<NumberMessage> | undefined;
    const result = new Promise<unknown>((resolve, reject) => {
      call = client().Hold((error, value) => (error ? reject(error) : resolve(value)));
    });
    const stream = call as grpc.ClientWritableStream<NumberMessage>;
    const writer = (async () => {
      for (let i = 0; i < messages; i++) {
        if (!stream.write({ value: 1, payload }, () => written++)) await once(stream, 'drain');
      }
      stream.end();
    })();
    await sleep(500);
    // The handler took one message and waits: the server paused the stream at its 1 MiB window,
    // so HTTP/2 flow control holds the client to about that (plus the HTTP/2 windows).
    expect(log.held).toBe(0);
    expect(written * payload.length).toBeLessThan(4 * 1024 * 1024);
    expect(written).toBeGreaterThan(4);
    release();
    await writer;
    expect(await result).toEqual({ total: messages, count: messages });
  });

  it('reads and drops the rest of a held request stream once the call failed', async () => {
    const release = log.hold();
    const payload = Buffer.alloc(64 * 1024, 1);
    const frames = [frameMessage(0, NumberType.encode({ value: -1 }).finish())];
    for (let i = 0; i < 64; i++)
      frames.push(frameMessage(0, NumberType.encode({ value: 1, payload }).finish()));
    const response = http2Request(
      port,
      {
        ':path': '/yrpc.test.interop.Numbers/Hold',
        'content-type': 'application/grpc',
        te: 'trailers',
      },
      Buffer.concat(frames), // 4 MiB: more than the server takes while the handler holds
    );
    await sleep(200);
    release();
    // The client finishes sending (the server reads on) and gets the handler's error.
    const { trailers, headers } = await response;
    expect(trailers['grpc-status'] ?? headers['grpc-status']).toBe(String(Status.ABORTED));
  });

  it('holds a server stream handler back while the client does not read (backpressure)', async () => {
    // A raw HTTP/2 client that reads nothing (grpc-js reads on into its own buffers): only
    // HTTP/2 flow control stands between the handler and the server's memory.
    const session = connect(`http://127.0.0.1:${port}`);
    try {
      const stream = session.request({
        ':method': 'POST',
        ':path': '/yrpc.test.interop.Numbers/Flood',
        'content-type': 'application/grpc',
        te: 'trailers',
      });
      stream.pause();
      stream.end(frameMessage(0, NumberType.encode({ value: 256 }).finish())); // 16 MiB
      await sleep(500);
      // The handler waits in its yield once the HTTP/2 windows and the socket buffers are full.
      expect(log.flooded).toBeGreaterThan(0);
      expect(log.flooded).toBeLessThan(64);
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.resume();
      const [trailers] = (await once(stream, 'trailers')) as [Record<string, string>];
      expect(trailers['grpc-status']).toBe('0');
      expect(log.flooded).toBe(256);
      expect(bytes).toBeGreaterThan(256 * 64 * 1024);
    } finally {
      session.close();
    }
  });

  it('answers bad requests with a clear status and leaves the connection working', async () => {
    const path = '/yrpc.test.interop.Numbers/Double';
    const grpcHeaders = { ':path': path, 'content-type': 'application/grpc', te: 'trailers' };
    const one = frameMessage(0, NumberType.encode({ value: 1 }).finish());

    const noTe = await http2Request(
      port,
      { ':path': path, 'content-type': 'application/grpc' },
      one,
    );
    expect(noTe.headers[':status']).toBe(400);
    expect(noTe.headers['grpc-status']).toBe(String(Status.INTERNAL));
    expect(noTe.body.toString()).toContain('te: trailers');

    const badTimeout = await http2Request(port, { ...grpcHeaders, 'grpc-timeout': 'soon' }, one);
    expect(badTimeout.headers['grpc-status']).toBe(String(Status.INVALID_ARGUMENT));
    expect(badTimeout.headers['grpc-message']).toContain('malformed grpc-timeout');

    const truncated = await http2Request(port, grpcHeaders, one.subarray(0, one.length - 1));
    expect(truncated.headers['grpc-status']).toBe(String(Status.INTERNAL));
    expect(truncated.headers['grpc-message']).toContain('ended inside a message');

    const two = await http2Request(port, grpcHeaders, Buffer.concat([one, one]));
    expect(two.headers['grpc-status']).toBe(String(Status.INTERNAL));
    expect(two.headers['grpc-message']).toContain('takes one request message, got more');

    const none = await http2Request(port, grpcHeaders, Buffer.alloc(0));
    expect(none.headers['grpc-message']).toContain('got none');

    const flagged = await http2Request(port, grpcHeaders, frameMessage(1, Buffer.from('x')));
    expect(flagged.headers['grpc-status']).toBe(String(Status.INTERNAL));
    expect(flagged.headers['grpc-message']).toContain('no grpc-encoding');

    // The deadline runs while a unary request arrives.
    const late = await http2Request(port, { ...grpcHeaders, 'grpc-timeout': '30m' }, one, {
      bodyDelayMs: 300,
    });
    expect(late.headers['grpc-status']).toBe(String(Status.DEADLINE_EXCEEDED));

    // The longest grpc-timeout there is (over 11,000 years) is a deadline, not an instant one.
    const far = await http2Request(port, { ...grpcHeaders, 'grpc-timeout': '99999999H' }, one, {
      bodyDelayMs: 50,
    });
    expect(far.trailers['grpc-status']).toBe('0');

    const ok = await double(client(), { value: 4 });
    expect(ok.value?.value).toBe(8);
  });
});
