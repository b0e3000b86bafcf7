import { type ServiceImplementation, staticService } from '@yrpc/rpc';
import { greeter } from './generated/greeter.js';

/** The Greeter service, from the protobufjs static code generated out of proto/greeter.proto. */
export const Greeter = staticService(greeter.v1.Greeter, greeter);

/** How this server greets: at once, or after the delay the client asked for. */
export const greeterImplementation: ServiceImplementation<greeter.v1.Greeter> = {
  sayHello(request) {
    return { message: `Hello, ${request.name || 'stranger'}!` };
  },
  async sayHelloSlowly(request, context) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, request.delayMs ?? 0);
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(context.signal.reason);
      });
    });
    return { message: `Hello, ${request.name || 'stranger'}, at last!` };
  },
};
