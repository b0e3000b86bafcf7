import { NetError, type NetErrorCode } from './net-error.js';

const CODE_BY_SYSCALL_ERROR: Readonly<Record<string, NetErrorCode>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  ENOENT: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  EADDRINUSE: 'address-in-use',
  ERR_SOCKET_CLOSED: 'closed',
  ERR_STREAM_DESTROYED: 'closed',
  ERR_STREAM_WRITE_AFTER_END: 'closed',
};

// OpenSSL verification failures; anything else from the TLS layer is a handshake failure.
const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
]);

/** The system or TLS error code carried by a Node error, if any. */
function errorCodeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Turns whatever a socket, server or TLS layer reported into a {@link NetError} with a stable
 * code, saying what happened (`during`) and where (`address`). A NetError passes through.
 */
export function toNetError(error: unknown, address: string, during: string): NetError {
  if (error instanceof NetError) return error;
  const syscallCode = errorCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  let code: NetErrorCode = 'io';
  if (syscallCode !== undefined) {
    if (TLS_VERIFY_CODES.has(syscallCode)) code = 'tls-verify';
    else if (syscallCode.startsWith('ERR_SSL_') || syscallCode.startsWith('ERR_TLS_')) {
      code = 'tls-handshake';
    } else code = CODE_BY_SYSCALL_ERROR[syscallCode] ?? 'io';
  }
  return new NetError(code, `${during} ${address} failed (${code}): ${detail}`, {
    address,
    ...(syscallCode === undefined ? {} : { syscallCode }),
    cause: error,
  });
}
