import { type ServiceImplementation, sleep } from '@yrpc/rpc';
import { Greeter, type GreeterShape } from './generated/greeter.yrpc.js';

/** The Greeter service, as generated out of proto/greeter.proto by yrpc-codegen. */
export { Greeter };

/**
 * How this server greets: `sayHello` at once (a plain function), `sayHelloSlowly` after the delay
 * the client asked for (a coroutine: a cancelled or expired call halts it, and `onStop` hears it).
 */
export function greeterImplementation(
  onStop: (name: string) => void = () => {},
): ServiceImplementation<GreeterShape> {
  return {
    sayHello(request) {
      return { message: `Hello, ${request.name || 'stranger'}!` };
    },
    *sayHelloSlowly(request) {
      let finished = false;
      try {
        yield* sleep(request.delayMs);
        finished = true;
        return { message: `Hello, ${request.name || 'stranger'}, at last!` };
      } finally {
        if (!finished) onStop(request.name);
      }
    },
  };
}
