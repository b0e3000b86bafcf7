import type { Attributes } from '@opentelemetry/api';
import { type StatusCode, statusName } from '@yrpc/rpc';
import { RPC_SYSTEM, RpcAttribute } from './rpc-attributes.js';

/**
 * What the spans and measurements of one method share, made once per method (and per status):
 * the span name `pkg.Service/Method` and attribute objects reused by every call.
 */
export class MethodTelemetry {
  /** `pkg.Service/Method`, the span name the conventions give. */
  readonly spanName: string;
  /** `rpc.system`, `rpc.service`, `rpc.method` (and the client's `server.*`). */
  readonly attributes: Attributes;
  readonly #withStatus: Attributes[] = [];

  constructor(path: string, extra: Attributes) {
    const name = path.startsWith('/') ? path.slice(1) : path;
    const slash = name.lastIndexOf('/');
    this.spanName = name;
    this.attributes = {
      [RpcAttribute.system]: RPC_SYSTEM,
      [RpcAttribute.service]: slash < 0 ? '' : name.slice(0, slash),
      [RpcAttribute.method]: slash < 0 ? name : name.slice(slash + 1),
      ...extra,
    };
  }

  /** {@link attributes} plus the status, by number and by name (one object per status). */
  withStatus(status: StatusCode): Attributes {
    let attributes = this.#withStatus[status];
    if (attributes === undefined) {
      attributes = statusAttributes(this.attributes, status);
      this.#withStatus[status] = attributes;
    }
    return attributes;
  }
}

/** `attributes` plus `rpc.yrpc.status_code` and `rpc.response.status_code`. */
export function statusAttributes(attributes: Attributes, status: StatusCode): Attributes {
  return {
    ...attributes,
    [RpcAttribute.statusCode]: status,
    [RpcAttribute.responseStatusCode]: statusName(status),
  };
}

/** The {@link MethodTelemetry} of each method path seen, made on first use. */
export class MethodTelemetryTable {
  readonly #byPath = new Map<string, MethodTelemetry>();
  readonly #extra: Attributes;

  constructor(extra: Attributes = {}) {
    this.#extra = extra;
  }

  get(path: string): MethodTelemetry {
    let telemetry = this.#byPath.get(path);
    if (telemetry === undefined) {
      telemetry = new MethodTelemetry(path, this.#extra);
      this.#byPath.set(path, telemetry);
    }
    return telemetry;
  }
}
