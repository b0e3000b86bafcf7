/**
 * The request body as received, turned into gRPC frame bytes: the bytes themselves for a binary
 * body, base64 decoded for gRPC-Web text.
 */
export interface BodyDecoder {
  /** The bytes `chunk` gives. @throws RpcError when the body is malformed. */
  push(chunk: Uint8Array): Uint8Array;
  /** The body ended: the bytes still held. @throws RpcError when it ended inside a unit. */
  end(): Uint8Array;
}

const IDENTITY: BodyDecoder = { push: (chunk) => chunk, end: () => new Uint8Array(0) };

/** The body decoder of a binary body: the bytes as they are. */
export function identityBodyDecoder(): BodyDecoder {
  return IDENTITY;
}
