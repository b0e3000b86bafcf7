/**
 * The ALPN id of the yrpc protocol under TLS: what a yrpc client offers, and what a server that
 * serves other protocols on the same port keeps on the yrpc protocol without reading a byte.
 */
export const YRPC_ALPN = 'yrpc';
