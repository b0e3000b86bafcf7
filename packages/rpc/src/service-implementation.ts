import type { Handler, UntypedHandler } from './handler.js';
import type { MessageFields, MethodKeys, RequestOf, ResponseOf } from './service-types.js';

/**
 * Handlers for a service's methods. For a static-code service the keys are the generated method
 * names (`sayHello`) and the message types come from the generated classes; for a service loaded
 * at run time any `.proto` method name or its lower-camel form is accepted.
 */
export type ServiceImplementation<S> = unknown extends S
  ? Readonly<Record<string, UntypedHandler>>
  : {
      readonly [K in MethodKeys<S>]?: Handler<RequestOf<S[K]>, MessageFields<ResponseOf<S[K]>>>;
    };
