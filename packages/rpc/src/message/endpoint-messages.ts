import type { MethodDefinition } from '../service/method-definition.js';
import { defineService, type ServiceDefinition } from '../service/service-definition.js';
import type { MessageOptions } from './message-options.js';

/**
 * The methods a Server or Client uses, with its `messages` options beneath the ones each
 * service was loaded with (README, "Messages"). Without options, definitions are used as given.
 */
export class EndpointMessages {
  readonly #options: MessageOptions | undefined;
  readonly #methods = new WeakMap<MethodDefinition, MethodDefinition>();
  readonly #services = new WeakMap<ServiceDefinition<unknown>, ServiceDefinition<unknown>>();

  constructor(options: MessageOptions | undefined) {
    this.#options = options;
  }

  /** `method` with codecs for this endpoint's options (the same object when nothing changes). */
  method(method: MethodDefinition): MethodDefinition {
    if (this.#options === undefined) return method;
    let adapted = this.#methods.get(method);
    if (adapted === undefined) {
      const requestType = method.requestType.forEndpoint?.(this.#options) ?? method.requestType;
      const responseType = method.responseType.forEndpoint?.(this.#options) ?? method.responseType;
      adapted =
        requestType === method.requestType && responseType === method.responseType
          ? method
          : { ...method, requestType, responseType };
      this.#methods.set(method, adapted);
      this.#methods.set(adapted, adapted);
    }
    return adapted;
  }

  /** `service` with every method as {@link method} makes it. */
  service<S>(service: ServiceDefinition<S>): ServiceDefinition<S> {
    if (this.#options === undefined) return service;
    let adapted = this.#services.get(service);
    if (adapted === undefined) {
      const methods = [...service.methods.values()];
      const converted = methods.map((method) => this.method(method));
      adapted = converted.every((method, index) => method === methods[index])
        ? service
        : defineService(service.name, converted);
      this.#services.set(service, adapted);
      this.#services.set(adapted, adapted);
    }
    return adapted as ServiceDefinition<S>;
  }
}
