import { type ServiceImplementation, sleep, staticService } from '@yrpc/rpc';
import { greeter } from './generated/greeter.js';

/** The Greeter service, from the protobufjs static code generated out of proto/greeter.proto. */
export const Greeter = staticService(greeter.v1.Greeter, greeter);

/**
 * How this server greets: `sayHello` at once (a plain function), `sayHelloSlowly` after the delay
 * the client asked for (a coroutine: a cancelled or expired call halts it, and `onStop` hears it).
 */
export function greeterImplementation(
  onStop: (name: string) => void = () => {},
): ServiceImplementation<greeter.v1.Greeter> {
  return {
    sayHello(request) {
      return { message: `Hello, ${request.name || 'stranger'}!` };
    },
    *sayHelloSlowly(request) {
      let finished = false;
      try {
        yield* sleep(request.delayMs ?? 0);
        finished = true;
        return { message: `Hello, ${request.name || 'stranger'}, at last!` };
      } finally {
        if (!finished) onStop(request.name ?? '');
      }
    },
  };
}
