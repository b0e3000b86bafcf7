import {
  type GatewayCall,
  type GatewayCallInit,
  type GatewayCallSink,
  type GatewayConnection,
  type RpcError,
  Status,
} from '@yrpc/rpc';
import { describe, expect, it } from 'vitest';
import { ExchangeCallState } from '../src/exchange/exchange-call-state.js';
import type { HttpExchange } from '../src/exchange/http-exchange.js';
import { MessageDeframer } from '../src/grpc/message-deframer.js';
import { frameMessage } from '../src/grpc/message-framer.js';
import { RequestMessageReader } from '../src/grpc/request-message-reader.js';

// The request side shared by gRPC, gRPC-Web and Connect streams: one message before the call
// starts, or a stream of them into the running call; a throw fails the call.

/** A reader over a fake exchange whose body the test delivers with `data` and `end`. */
function setup() {
  let onData: ((chunk: Buffer) => void) | undefined;
  let onEnd: (() => void) | undefined;
  const exchange = {
    readBody(data: (chunk: Buffer) => void, end: () => void) {
      onData = data;
      onEnd = end;
    },
    pauseBody() {},
    resumeBody() {},
    onAbort() {},
  } as unknown as HttpExchange;
  const received: string[] = [];
  const call = {
    unconsumedBytes: 0,
    ended: false,
    cancelled: false,
    receive: (bytes: Uint8Array) => received.push(Buffer.from(bytes).toString()),
    endRequests() {
      call.ended = true;
    },
    cancel() {
      call.cancelled = true;
    },
  };
  const starts: GatewayCallInit[] = [];
  const connection = {
    start(init: GatewayCallInit) {
      starts.push(init);
      return call as unknown as GatewayCall;
    },
  } as unknown as GatewayConnection;
  const ends: Array<RpcError | undefined> = [];
  const state = new ExchangeCallState(exchange, {} as GatewayCallSink, (error) => ends.push(error));
  const deframer = new MessageDeframer(1024);
  const reader = new RequestMessageReader(exchange, state, {
    push: (chunk) => deframer.push(chunk),
    end: () => [],
    decode: ({ payload }) => {
      if (Buffer.from(payload).toString() === 'bad') throw new TypeError('undecodable');
      return payload;
    },
    wrongCountCode: Status.INVALID_ARGUMENT,
  });
  const init: GatewayCallInit = { path: '/s.S/M', metadata: [], timeoutMs: 0 };
  const frame = (text: string) => frameMessage(0, Buffer.from(text));
  return {
    reader,
    state,
    call,
    starts,
    ends,
    received,
    connection,
    init,
    frame,
    data: (chunk: Buffer) => onData?.(chunk),
    end: () => onEnd?.(),
  };
}

describe('RequestMessageReader', () => {
  it('starts the call with the one request once the body ends', () => {
    const t = setup();
    t.reader.readSingle(t.connection, t.init);
    const bytes = t.frame('hello');
    t.data(bytes.subarray(0, 3));
    t.data(bytes.subarray(3));
    expect(t.starts).toEqual([]);
    t.end();
    expect(t.starts).toHaveLength(1);
    expect(Buffer.from(t.starts[0]?.request ?? []).toString()).toBe('hello');
    expect(t.ends).toEqual([]);
  });

  it('fails a single request with two messages or none, with the format’s code', () => {
    const two = setup();
    two.reader.readSingle(two.connection, two.init);
    two.data(Buffer.concat([two.frame('a'), two.frame('b')]));
    expect(two.ends[0]?.code).toBe(Status.INVALID_ARGUMENT);
    expect(two.ends[0]?.message).toBe('/s.S/M takes one request message, got more');
    two.end();
    expect(two.starts).toEqual([]);

    const none = setup();
    none.reader.readSingle(none.connection, none.init);
    none.end();
    expect(none.ends[0]?.message).toBe('/s.S/M takes one request message, got none');
    expect(none.starts).toEqual([]);
  });

  it('streams messages into the call as they come, then their end', () => {
    const t = setup();
    t.reader.stream(t.connection, t.init);
    expect(t.starts).toHaveLength(1);
    t.data(Buffer.concat([t.frame('a'), t.frame('b')]));
    t.data(t.frame('c'));
    expect(t.received).toEqual(['a', 'b', 'c']);
    t.end();
    expect(t.call.ended).toBe(true);
    expect(t.ends).toEqual([]);
  });

  it('fails the call on a message it cannot decode, and reads nothing more', () => {
    const t = setup();
    t.reader.stream(t.connection, t.init);
    t.data(Buffer.concat([t.frame('a'), t.frame('bad'), t.frame('c')]));
    expect(t.received).toEqual(['a']);
    expect(t.call.cancelled).toBe(true);
    expect(t.ends[0]?.code).toBe(Status.INTERNAL);
    t.data(t.frame('d'));
    t.end();
    expect(t.received).toEqual(['a']);
    expect(t.call.ended).toBe(false);
  });
});
