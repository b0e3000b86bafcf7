const utf8 = new TextEncoder();
/** Not fatal: the specification forbids failing on a bad `grpc-message`; bad bytes become U+FFFD. */
const utf8Lenient = new TextDecoder('utf-8', { fatal: false });

/**
 * `message` as a `grpc-message` value: its UTF-8 bytes, percent-encoded except for printable
 * ASCII other than `%` (gRPC's Percent-Byte-Unencoded: 0x20–0x24, 0x26–0x7E).
 */
export function encodeGrpcMessage(message: string): string {
  if (/^[\x20-\x24\x26-\x7e]*$/.test(message)) return message;
  let out = '';
  for (const byte of utf8.encode(message)) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * A `grpc-message` value decoded: `%XX` sequences become bytes, read as UTF-8. Never throws, as
 * the specification requires: a broken `%` sequence stays as written, bytes that are not UTF-8
 * become U+FFFD.
 */
export function decodeGrpcMessage(value: string): string {
  if (!value.includes('%')) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value.charCodeAt(i);
    if (char === 0x25 && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char < 0x80) {
      bytes.push(char);
    } else {
      // Not allowed unencoded, but HTTP lets it through: keep it as the character it is.
      const point = value.codePointAt(i) ?? char;
      bytes.push(...utf8.encode(String.fromCodePoint(point)));
      if (point > 0xffff) i++;
    }
  }
  return utf8Lenient.decode(new Uint8Array(bytes));
}
