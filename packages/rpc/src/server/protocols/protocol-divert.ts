import type { Socket } from 'node:net';
import type { SocketDivert, TlsServerOptions } from '@yrpc/protocol';
import { YRPC_ALPN } from '../../connection/yrpc-alpn.js';
import { MAX_DETECTION_BYTES, type ServerProtocol } from './server-protocol.js';

/** The first byte of every yrpc frame (the magic "YR"): such a connection is never diverted. */
const YRPC_FIRST_BYTE = 0x59;

/**
 * How a server's listeners tell its protocols apart: the yrpc magic keeps a connection on the
 * yrpc protocol; otherwise the first protocol that claims the first bytes (or, under TLS, the
 * ALPN id agreed) gets the socket. A connection no protocol claims stays with yrpc, which answers
 * bytes it does not understand with a protocol error, as it always has. `refusing` says whether
 * the server takes no new connections (draining or closed).
 */
export function protocolDivert(
  protocols: readonly ServerProtocol[],
  refusing: () => boolean,
): SocketDivert {
  const byAlpn = (alpn: string): ServerProtocol | undefined =>
    protocols.find((protocol) => protocol.alpn.includes(alpn));
  const byHead = (head: Uint8Array): ServerProtocol | undefined =>
    protocols.find((protocol) => protocol.detect(head) === true);
  return {
    maxHeadBytes: MAX_DETECTION_BYTES,
    byAlpn: (alpn) => (alpn === YRPC_ALPN ? false : byAlpn(alpn) === undefined ? undefined : true),
    byHead: (head) => {
      if (head.length === 0 || head[0] === YRPC_FIRST_BYTE) return false;
      let undecided = false;
      for (const protocol of protocols) {
        const claims = protocol.detect(head);
        if (claims === true) return true;
        if (claims === undefined) undecided = true;
      }
      return undecided ? undefined : false;
    },
    divert: (socket: Socket, head: Uint8Array) => {
      const alpn = (socket as { alpnProtocol?: string | false }).alpnProtocol ?? false;
      const protocol = (typeof alpn === 'string' ? byAlpn(alpn) : undefined) ?? byHead(head);
      if (protocol === undefined || refusing()) {
        socket.destroy();
        return;
      }
      const peer = `${socket.remoteAddress ?? 'unix'}:${socket.remotePort ?? ''}`.replace(/:$/, '');
      protocol.accept(socket, { peer, alpn, head });
    },
  };
}

/**
 * `tls` with the ALPN ids of yrpc and of `protocols` served, unless the caller chose its own.
 * yrpc's id comes first: a yrpc client that offers it gets it whatever else it offers.
 */
export function withProtocolAlpn(
  tls: TlsServerOptions,
  protocols: readonly ServerProtocol[],
): TlsServerOptions {
  if (tls.alpnProtocols !== undefined) return tls;
  const ids = [YRPC_ALPN];
  for (const protocol of protocols) {
    for (const id of protocol.alpn) if (!ids.includes(id)) ids.push(id);
  }
  return { ...tls, alpnProtocols: ids };
}
