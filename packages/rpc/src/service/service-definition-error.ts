/** Stable codes of {@link ServiceDefinitionError}. */
export type ServiceDefinitionErrorCode =
  | 'PROTO_LOAD_FAILED'
  | 'PROTO_NOT_FOUND'
  | 'SERVICE_NOT_FOUND'
  | 'TYPE_NOT_FOUND'
  | 'DUPLICATE_METHOD'
  | 'UNKNOWN_IMPLEMENTATION_METHOD'
  | 'INVALID_HANDLER';

const brand = Symbol.for('@yrpc/rpc/ServiceDefinitionError');

/**
 * A service could not be defined or registered: a `.proto` that does not load, a service or
 * message type that is not there, an implementation naming a method the service lacks.
 * Raised while setting things up, never while serving calls.
 */
export class ServiceDefinitionError extends Error {
  /** Stable machine-readable code. */
  readonly code: ServiceDefinitionErrorCode;

  constructor(code: ServiceDefinitionErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ServiceDefinitionError';
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for a `ServiceDefinitionError` from any installed copy of this package. */
  static is(value: unknown): value is ServiceDefinitionError {
    return typeof value === 'object' && value !== null && brand in value;
  }
}
