/**
 * The canonical name of a method on the wire: `/package.Service/Method`, the gRPC path form that
 * protobufjs also gives every reflected and statically generated method.
 */
export type MethodPath = `/${string}/${string}`;

const slashForm = /^\/?([A-Za-z_][\w.]*)\/([A-Za-z_]\w*)$/;
const dotForm = /^\.?([A-Za-z_][\w.]*)\.([A-Za-z_]\w*)$/;

/**
 * Turns `/pkg.Service/Method`, `pkg.Service/Method` (the wire form of PROTOCOL.md) or
 * `pkg.Service.Method` into the canonical `/pkg.Service/Method`, or returns `undefined` when
 * `name` is none of them.
 */
export function toMethodPath(name: string): MethodPath | undefined {
  const match = slashForm.exec(name) ?? dotForm.exec(name);
  if (match === null) return undefined;
  return `/${match[1]}/${match[2]}` as MethodPath;
}

/** The name PROTOCOL.md puts in a request's `method` field: `pkg.Service/Method`. */
export function wireMethodName(path: MethodPath): string {
  return path.slice(1);
}

/** The canonical path of `method` on the service whose fully qualified name is `service`. */
export function methodPathOf(service: string, method: string): MethodPath {
  return `/${service.replace(/^\./, '')}/${method}` as MethodPath;
}
