import { RpcError, type ServiceImplementation, sleep, staticService } from '../../src/index.js';
import { yrpc } from '../fixtures/echo-static.js';

/** The test service, from protobufjs static code. */
export const Echo = staticService(yrpc.test.Echo, yrpc);

/** What the handlers did, for tests to check (finally blocks, aborts). */
export interface EchoLog {
  readonly events: string[];
}

/**
 * The test implementation: Echo (plain), Sleep (coroutine), SleepAsync (async, honours the
 * signal), Fail (throws what it is told). Each records what happened in `log`.
 */
export function echoImplementation(log: EchoLog): ServiceImplementation<yrpc.test.Echo> {
  return {
    echo(request) {
      return {
        text: request.text ?? '',
        payload: request.payload ?? new Uint8Array(),
        number: request.number ?? 0,
      };
    },
    *sleep(request) {
      log.events.push('sleep:start');
      try {
        yield* sleep(request.ms ?? 0);
        log.events.push('sleep:done');
        return { text: 'slept' };
      } finally {
        log.events.push('sleep:finally');
      }
    },
    async sleepAsync(request, context) {
      log.events.push('async:start');
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, request.ms ?? 0);
          context.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            log.events.push('async:aborted');
            reject(context.signal.reason);
          });
        });
        return { text: 'slept' };
      } finally {
        log.events.push('async:finally');
      }
    },
    fail(request) {
      if (request.plain) throw new TypeError(request.message ?? 'plain failure');
      throw new RpcError((request.code ?? 2) as never, request.message ?? '');
    },
  };
}
