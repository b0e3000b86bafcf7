/**
 * Whether this Node's `net` listens with `reusePort` (SO_REUSEPORT: each worker its own socket,
 * the kernel spreading connections): Node 22.12 / 23.1 and later, on Linux and some BSDs. Node
 * 20 has no such option, so a cluster shares one socket through node:cluster instead.
 */
export function reusePortSupported(version: string = process.versions.node): boolean {
  if (process.platform !== 'linux' && process.platform !== 'freebsd') return false;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}
