import protobuf from 'protobufjs';
import type { MessageCodec } from '../../service/message-codec.js';
import type { SessionSettings } from '../server-session.js';
import type { RegisteredMethod } from '../service-registry.js';
import type { CallGateway, GatewayConnection, GatewayMethod } from './call-gateway.js';
import { GatewaySession } from './gateway-session.js';

/** A server's {@link CallGateway}: its registry seen by other protocols, and their sessions. */
export class ServerGateway implements CallGateway {
  readonly #settings: SessionSettings;
  /** Views of the registered methods, made once per method. */
  readonly #views = new WeakMap<RegisteredMethod, GatewayMethod>();

  constructor(settings: SessionSettings) {
    this.#settings = settings;
  }

  get maxMessageBytes(): number {
    return this.#settings.maxPayload;
  }

  method(path: string): GatewayMethod | undefined {
    const registered = this.#settings.registry.lookup(path);
    return registered === undefined ? undefined : this.#view(registered);
  }

  methods(): readonly GatewayMethod[] {
    const registry = this.#settings.registry;
    const views: GatewayMethod[] = [];
    for (const path of registry.paths()) {
      const registered = registry.lookup(path);
      if (registered !== undefined) views.push(this.#view(registered));
    }
    return views;
  }

  open(peer: string): GatewayConnection {
    return new GatewaySession(peer, this.#settings);
  }

  #view(registered: RegisteredMethod): GatewayMethod {
    let view = this.#views.get(registered);
    if (view === undefined) {
      const definition = registered.definition;
      view = {
        path: definition.path,
        service: definition.service,
        name: definition.name,
        requestStream: definition.requestStream,
        responseStream: definition.responseStream,
        sideEffectFree: definition.sideEffectFree === true,
        requestSchema: schemaOf(definition.requestType),
        responseSchema: schemaOf(definition.responseType),
      };
      this.#views.set(registered, view);
    }
    return view;
  }
}

/** The reflected type of a codec: its own, or the codec itself when it is a reflected Type. */
function schemaOf(codec: MessageCodec): protobuf.Type | undefined {
  if (codec.schema !== undefined) return codec.schema;
  return codec instanceof protobuf.Type ? codec : undefined;
}
