import { RpcError, Status } from '@yrpc/rpc';
import type { BodyDecoder } from '../grpc/body-decoder.js';

/** Base64 characters (standard and URL-safe alphabets) and padding. */
const BASE64 = /^[A-Za-z0-9+/\-_=]*$/;
const WHITESPACE = /[\s]/g;

/**
 * Decodes a base64 stream that arrives in chunks of any size (`application/grpc-web-text`):
 * a 4-character unit split across chunks is kept until its end comes, and padding may appear
 * anywhere a unit ends (gRPC-Web peers encode each flush on its own, so `…==` can sit between two
 * frames). Whitespace is skipped; both alphabets are read.
 */
export class Base64StreamDecoder implements BodyDecoder {
  /** Characters of an unfinished unit (fewer than 4, or a padded unit not yet complete). */
  #carry = '';

  /**
   * The bytes `chunk` completes.
   * @throws RpcError `INVALID_ARGUMENT` for a character outside base64 or padding in a wrong place.
   */
  push(chunk: Uint8Array): Uint8Array {
    let text =
      this.#carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
    if (WHITESPACE.test(text)) text = text.replace(WHITESPACE, '');
    if (!BASE64.test(text)) throw notBase64('a character outside base64');
    const parts: Buffer[] = [];
    for (;;) {
      const pad = text.indexOf('=');
      if (pad === -1) {
        const whole = text.length - (text.length % 4);
        parts.push(Buffer.from(text.slice(0, whole), 'base64'));
        this.#carry = text.slice(whole);
        break;
      }
      const unitStart = pad - (pad % 4);
      const unitEnd = unitStart + 4;
      // A unit pads after 2 or 3 characters, then only with '='.
      if (pad - unitStart < 2) throw notBase64('padding after fewer than 2 characters of a unit');
      if (text.length < unitEnd) {
        if (!/^=*$/.test(text.slice(pad))) throw notBase64('padding inside a unit');
        parts.push(Buffer.from(text.slice(0, unitStart), 'base64'));
        this.#carry = text.slice(unitStart);
        break;
      }
      if (!/^=*$/.test(text.slice(pad, unitEnd))) throw notBase64('padding inside a unit');
      parts.push(Buffer.from(text.slice(0, unitEnd), 'base64'));
      text = text.slice(unitEnd);
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /**
   * The stream ended: the bytes of an unpadded last unit of 2 or 3 characters (padding may be
   * left out at the end); one lone character or a padded unit cut short is an error.
   * @throws RpcError `INVALID_ARGUMENT` for a stream cut inside a unit.
   */
  end(): Uint8Array {
    const rest = this.#carry;
    this.#carry = '';
    if (rest.length === 0) return new Uint8Array(0);
    if (rest.length === 1 || rest.includes('=')) throw notBase64('the body ended inside a unit');
    return Buffer.from(rest, 'base64');
  }
}

function notBase64(what: string): RpcError {
  return new RpcError(Status.INVALID_ARGUMENT, `the grpc-web-text body is not base64: ${what}`);
}
