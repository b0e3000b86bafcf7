// Public API of @yrpc/net: explicit named exports only.
export { ByteBuffer, type ByteBufferOptions } from './byte-buffer.js';
export {
  ByteBufferError,
  type ByteBufferErrorCode,
  NetError,
  type NetErrorCode,
  type NetErrorOptions,
} from './net-error.js';
