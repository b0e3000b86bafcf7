import { fileURLToPath } from 'node:url';
import {
  type CallContext,
  type DynamicMessage,
  loadProtoSync,
  RpcError,
  type ServiceDefinition,
  Status,
} from '@yrpc/rpc';
import protobuf from 'protobufjs';

/** test/fixtures/grpc-interop.proto. */
export const INTEROP_PROTO = fileURLToPath(
  new URL('../fixtures/grpc-interop.proto', import.meta.url),
);

/** The Numbers service of the interop fixture, for a yrpc Server and Client. */
export const Numbers: ServiceDefinition = loadProtoSync(INTEROP_PROTO).service(
  'yrpc.test.interop.Numbers',
);

/** The fixture's messages, to encode requests and decode responses by hand. */
const root = protobuf.loadSync(INTEROP_PROTO);
export const NumberType = root.lookupType('yrpc.test.interop.Number');
export const SumType = root.lookupType('yrpc.test.interop.Sum');

/** The detail a failed Double sends (a google.rpc.Any). */
export const DOUBLE_DETAIL = {
  typeUrl: 'type.googleapis.com/yrpc.test.interop.Number',
  value: NumberType.encode({ value: -1 }).finish(),
};

/** What the handlers saw, for tests to check. */
export class InteropLog {
  /** The abort reasons of Wait calls, in order. */
  readonly aborts: unknown[] = [];
  /** Messages Flood has yielded so far. */
  flooded = 0;
  /** Requests Hold has taken so far. */
  held = 0;
  #waiters: ((reason: unknown) => void)[] = [];
  #gate: Promise<void> = Promise.resolve();

  /**
   * Makes Hold wait after its first request until the function returned is called (then it
   * reads the rest, or fails when that first request's value is negative).
   */
  hold(): () => void {
    let release = (): void => {};
    this.#gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return release;
  }

  /** Resolves once the gate of the last {@link hold} is released. */
  get gate(): Promise<void> {
    return this.#gate;
  }

  /** The abort reason of the next Wait call to be stopped. */
  nextAbort(): Promise<unknown> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  aborted(reason: unknown): void {
    this.aborts.push(reason);
    for (const waiter of this.#waiters.splice(0)) waiter(reason);
  }
}

/** The handlers of the Numbers service. */
export function numbersImplementation(log: InteropLog) {
  return {
    Double(request: DynamicMessage, context: CallContext) {
      const token = context.metadata['x-token'];
      if (token !== undefined) context.setHeader('x-token', token);
      const blob = context.metadata['x-blob-bin'];
      if (blob !== undefined) context.setTrailer('x-blob-bin', blob);
      context.setTrailer('x-cost', '3');
      const value = (request.value as number | undefined) ?? 0;
      if (value < 0) {
        throw new RpcError(Status.INVALID_ARGUMENT, `negative: ${value} ✗`, {
          details: [DOUBLE_DETAIL],
          metadata: [{ key: 'x-why', value: 'negative' }],
        });
      }
      return { value: value * 2, payload: request.payload };
    },
    async *Count(request: DynamicMessage) {
      const value = (request.value as number | undefined) ?? 0;
      for (let i = 1; i <= value; i++) yield { value: i };
    },
    async Add(requests: AsyncIterable<DynamicMessage>) {
      let total = 0;
      let count = 0;
      for await (const request of requests) {
        total += (request.value as number | undefined) ?? 0;
        count++;
      }
      return { total, count };
    },
    async *Echo(requests: AsyncIterable<DynamicMessage>) {
      for await (const request of requests)
        yield { value: request.value, payload: request.payload };
    },
    async Hold(requests: AsyncIterable<DynamicMessage>) {
      let total = 0;
      let count = 0;
      for await (const request of requests) {
        if (count === 0) {
          await log.gate;
          if (((request.value as number | undefined) ?? 0) < 0) {
            throw new RpcError(Status.ABORTED, 'held and failed');
          }
        }
        log.held++;
        total += (request.value as number | undefined) ?? 0;
        count++;
      }
      return { total, count };
    },
    async *Flood(request: DynamicMessage) {
      const payload = new Uint8Array(64 * 1024);
      for (let i = 0; i < ((request.value as number | undefined) ?? 0); i++) {
        log.flooded++;
        yield { value: i, payload };
      }
    },
    Wait(_request: DynamicMessage, context: CallContext) {
      return new Promise((_resolve, reject) => {
        context.signal.addEventListener(
          'abort',
          () => {
            log.aborted(context.signal.reason);
            reject(context.signal.reason);
          },
          { once: true },
        );
      });
    },
  };
}
