import type { RpcError, StatusCode, StatusDetail } from '@yrpc/rpc';
import protobuf from 'protobufjs';

/** The parts of a `google.rpc.Status`, the message `grpc-status-details-bin` carries. */
export interface GoogleRpcStatus {
  readonly code: number;
  readonly message: string;
  readonly details: readonly StatusDetail[];
}

/**
 * `google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details
 * = 3; }` in protobuf binary (`Any` is `{ string type_url = 1; bytes value = 2; }`), written by
 * hand: three fields do not warrant loading the schema.
 */
export function encodeStatusDetails(status: GoogleRpcStatus): Uint8Array {
  const writer = protobuf.Writer.create();
  if (status.code !== 0) writer.uint32(0x08).int32(status.code);
  if (status.message !== '') writer.uint32(0x12).string(status.message);
  for (const detail of status.details) {
    writer.uint32(0x1a).fork();
    if (detail.typeUrl !== '') writer.uint32(0x0a).string(detail.typeUrl);
    if (detail.value.length > 0) writer.uint32(0x12).bytes(detail.value);
    writer.ldelim();
  }
  return writer.finish();
}

/**
 * A `google.rpc.Status` read from protobuf binary; unknown fields are skipped.
 * @throws Error when `bytes` is not a valid encoding.
 */
export function decodeStatusDetails(bytes: Uint8Array): GoogleRpcStatus {
  const reader = protobuf.Reader.create(bytes);
  let code = 0;
  let message = '';
  const details: StatusDetail[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 0x08) code = reader.int32();
    else if (tag === 0x12) message = reader.string();
    else if (tag === 0x1a) details.push(decodeAny(reader.bytes()));
    else reader.skipType(tag & 7);
  }
  return { code, message, details };
}

function decodeAny(bytes: Uint8Array): StatusDetail {
  const reader = protobuf.Reader.create(bytes);
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 0x0a) typeUrl = reader.string();
    else if (tag === 0x12) value = reader.bytes();
    else reader.skipType(tag & 7);
  }
  return { typeUrl, value };
}

/**
 * The `grpc-status-details-bin` value of `error` (base64, unpadded as gRPC emits it), or
 * undefined when the error has no details: then `grpc-status` and `grpc-message` say it all.
 */
export function statusDetailsHeader(error: RpcError): string | undefined {
  if (error.details.length === 0) return undefined;
  const bytes = encodeStatusDetails({
    code: error.code,
    message: error.message,
    details: error.details,
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .toString('base64')
    .replace(/=+$/, '');
}

/**
 * The details of a `grpc-status-details-bin` value (base64, padded or not), when it decodes and
 * agrees with `code` (`grpc-status` is what the call ended with; details of another status would
 * mislead); an empty list otherwise.
 */
export function detailsFromHeader(value: string, code: StatusCode): readonly StatusDetail[] {
  try {
    const status = decodeStatusDetails(Buffer.from(value, 'base64'));
    return status.code === code ? status.details : [];
  } catch {
    return [];
  }
}
