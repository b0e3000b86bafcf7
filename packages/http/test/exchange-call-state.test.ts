import type {
  GatewayCall,
  GatewayCallInit,
  GatewayCallSink,
  GatewayConnection,
  MetadataEntry,
  RpcError,
} from '@yrpc/rpc';
import { Status } from '@yrpc/rpc';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEADLINE_SKEW_MS } from '../src/exchange/deadline-limits.js';
import { ExchangeCallState } from '../src/exchange/exchange-call-state.js';
import type { HttpExchange } from '../src/exchange/http-exchange.js';
import { REQUEST_WINDOW_BYTES, RequestBodyWindow } from '../src/exchange/request-body-window.js';

// The plumbing the gRPC, gRPC-Web and Connect calls share: request-body flow control, the
// request's arrival timer, failure, end and abort bookkeeping. The protocols' own tests (interop
// against grpc-js, connect-node, buf curl) cover them on the wire; these pin the rules down.

/** An exchange that records what was asked of it; `abort()` plays the peer going away. */
function fakeExchange() {
  const log: string[] = [];
  let abortListener: (() => void) | undefined;
  let drainListener: (() => void) | undefined;
  let writable = true;
  const exchange = {
    pauseBody: () => log.push('pause'),
    resumeBody: () => log.push('resume'),
    write: () => {
      log.push('write');
      return writable;
    },
    onDrain: (listener: () => void) => {
      drainListener = listener;
    },
    onAbort: (listener: () => void) => {
      abortListener = listener;
    },
  } as unknown as HttpExchange;
  return {
    exchange,
    log,
    abort: () => abortListener?.(),
    drain: () => drainListener?.(),
    setWritable: (value: boolean) => {
      writable = value;
    },
  };
}

/** A gateway call whose untaken request bytes the test sets. */
function fakeCall() {
  const call = {
    unconsumedBytes: 0,
    cancels: [] as Array<boolean | undefined>,
    cancel(deadline?: boolean) {
      call.cancels.push(deadline);
    },
    receive() {},
    endRequests() {},
  };
  const connection = {
    starts: [] as GatewayCallInit[],
    start(init: GatewayCallInit) {
      connection.starts.push(init);
      return call as unknown as GatewayCall;
    },
  };
  return { call, connection, asConnection: connection as unknown as GatewayConnection };
}

function newState() {
  const fake = fakeExchange();
  const ends: Array<{ error: RpcError | undefined; trailers: readonly MetadataEntry[] }> = [];
  const state = new ExchangeCallState(fake.exchange, {} as GatewayCallSink, (error, trailers) =>
    ends.push({ error, trailers }),
  );
  return { ...fake, state, ends };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RequestBodyWindow', () => {
  it('pauses once past the window, once, and resumes back within it', () => {
    const { exchange, log } = fakeExchange();
    const window = new RequestBodyWindow(exchange, 100);
    window.received(100);
    expect(log).toEqual([]);
    window.received(101);
    window.received(500);
    expect(log).toEqual(['pause']);
    expect(window.paused).toBe(true);
    window.consumed(101);
    expect(log).toEqual(['pause']);
    window.consumed(100);
    window.consumed(0);
    expect(log).toEqual(['pause', 'resume']);
    expect(window.paused).toBe(false);
  });

  it('release resumes a paused body only', () => {
    const { exchange, log } = fakeExchange();
    const window = new RequestBodyWindow(exchange, 10);
    window.release();
    expect(log).toEqual([]);
    window.received(11);
    window.release();
    window.release();
    expect(log).toEqual(['pause', 'resume']);
  });

  it('defaults to REQUEST_WINDOW_BYTES (1 MiB)', () => {
    const { exchange, log } = fakeExchange();
    const window = new RequestBodyWindow(exchange);
    window.received(REQUEST_WINDOW_BYTES);
    expect(log).toEqual([]);
    window.received(REQUEST_WINDOW_BYTES + 1);
    expect(log).toEqual(['pause']);
    expect(REQUEST_WINDOW_BYTES).toBe(1024 * 1024);
  });
});

describe('ExchangeCallState', () => {
  it('pauses and resumes the body by the call’s untaken bytes, and releases it at the end', () => {
    const { state, log } = newState();
    const { call, asConnection } = fakeCall();
    state.received();
    expect(log).toEqual([]);
    state.start(asConnection, { path: '/p', metadata: [], timeoutMs: 0 });
    call.unconsumedBytes = REQUEST_WINDOW_BYTES + 1;
    state.received();
    expect(log).toEqual(['pause']);
    state.end(undefined, []);
    expect(log).toEqual(['pause', 'resume']);
    state.consumed();
    expect(log).toEqual(['pause', 'resume']);
  });

  it('fails once: cancels the call and answers the error as an RpcError', () => {
    const { state, ends } = newState();
    const { call, asConnection } = fakeCall();
    state.start(asConnection, { path: '/p', metadata: [], timeoutMs: 0 });
    state.fail(new TypeError('boom'));
    state.fail(new TypeError('again'));
    state.end(undefined, []);
    expect(state.done).toBe(true);
    expect(call.cancels).toEqual([undefined]);
    expect(ends).toHaveLength(1);
    expect(ends[0]?.error?.code).toBe(Status.INTERNAL);
    expect(ends[0]?.error?.message).toContain('boom');
  });

  it('an abort cancels the call, answers nothing, and tells a deadline from a cancel', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const early = newState();
    const first = fakeCall();
    early.state.begin(1000);
    early.state.start(first.asConnection, { path: '/p', metadata: [], timeoutMs: 1000 });
    early.abort();
    expect(first.call.cancels).toEqual([false]);
    expect(early.ends).toEqual([]);
    expect(early.state.done).toBe(true);

    const late = newState();
    const second = fakeCall();
    late.state.begin(1000);
    late.state.start(second.asConnection, { path: '/p', metadata: [], timeoutMs: 1000 });
    vi.advanceTimersByTime(1000 - DEADLINE_SKEW_MS);
    late.abort();
    expect(second.call.cancels).toEqual([true]);

    const none = newState();
    const third = fakeCall();
    none.state.begin(0);
    none.state.start(third.asConnection, { path: '/p', metadata: [], timeoutMs: 0 });
    vi.advanceTimersByTime(10 ** 9);
    none.abort();
    expect(third.call.cancels).toEqual([false]);
  });

  it('fails DEADLINE_EXCEEDED when the request does not arrive in time; starting stops the timer', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const slow = newState();
    slow.state.begin(50);
    slow.state.timeRequestArrival();
    vi.advanceTimersByTime(50);
    expect(slow.ends[0]?.error?.code).toBe(Status.DEADLINE_EXCEEDED);

    const arrived = newState();
    const { connection, asConnection } = fakeCall();
    arrived.state.begin(50);
    arrived.state.timeRequestArrival();
    vi.advanceTimersByTime(20);
    const timeoutMs = arrived.state.remainingTimeoutMs();
    expect(timeoutMs).toBe(30);
    arrived.state.start(asConnection, { path: '/p', metadata: [], timeoutMs });
    vi.advanceTimersByTime(100);
    expect(arrived.ends).toEqual([]);
    expect(connection.starts[0]?.timeoutMs).toBe(30);
  });

  it('the remaining timeout is 0 without a deadline and at least 1 with one', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { state } = newState();
    state.begin(0);
    expect(state.remainingTimeoutMs()).toBe(0);
    const other = newState();
    other.state.begin(10);
    vi.advanceTimersByTime(25);
    expect(other.state.remainingTimeoutMs()).toBe(1);
  });

  it('readOrFail gives what the read returns, or fails the call with what it threw', () => {
    const { state, ends } = newState();
    expect(state.readOrFail(() => 42)).toBe(42);
    expect(ends).toEqual([]);
    expect(
      state.readOrFail(() => {
        throw new TypeError('bad header');
      }),
    ).toBeUndefined();
    expect(state.done).toBe(true);
    expect(ends[0]?.error?.code).toBe(Status.INTERNAL);
  });

  it('writes a message: true when it went, else false and `written` once drained', () => {
    const { state, setWritable, drain } = newState();
    const written = vi.fn();
    expect(state.writeMessage(new Uint8Array(1), written)).toBe(true);
    setWritable(false);
    expect(state.writeMessage(new Uint8Array(1), written)).toBe(false);
    expect(written).not.toHaveBeenCalled();
    drain();
    expect(written).toHaveBeenCalledOnce();
  });
});
