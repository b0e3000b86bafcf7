/** An address and port taken apart. */
export interface PeerAddress {
  readonly address: string;
  readonly port: number | undefined;
}

/**
 * `CallContext.peer` taken apart: `127.0.0.1:51234`, `[::1]:51234`, `unix:/path` (no port) or
 * anything else (kept whole as the address).
 */
export function parsePeer(peer: string): PeerAddress {
  if (peer.startsWith('unix:')) return { address: peer.slice(5), port: undefined };
  const colon = peer.lastIndexOf(':');
  if (colon <= 0) return { address: peer, port: undefined };
  const port = Number(peer.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    return { address: peer, port: undefined };
  let address = peer.slice(0, colon);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  return { address, port };
}
