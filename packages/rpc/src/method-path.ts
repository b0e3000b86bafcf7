/**
 * The canonical name of a method on the wire: `/package.Service/Method`, the gRPC path form that
 * protobufjs also gives every reflected and statically generated method.
 */
export type MethodPath = `/${string}/${string}`;

const slashForm = /^\/([A-Za-z_][\w.]*)\/([A-Za-z_]\w*)$/;
const dotForm = /^\.?([A-Za-z_][\w.]*)\.([A-Za-z_]\w*)$/;

/**
 * Turns `/pkg.Service/Method` or `pkg.Service.Method` into the canonical `/pkg.Service/Method`,
 * or returns `undefined` when `name` is neither.
 */
export function toMethodPath(name: string): MethodPath | undefined {
  if (slashForm.test(name)) return name as MethodPath;
  const dotted = dotForm.exec(name);
  if (dotted === null) return undefined;
  return `/${dotted[1]}/${dotted[2]}` as MethodPath;
}

/** The canonical path of `method` on the service whose fully qualified name is `service`. */
export function methodPathOf(service: string, method: string): MethodPath {
  return `/${service.replace(/^\./, '')}/${method}` as MethodPath;
}
