import protobuf from 'protobufjs';

/** The well-known types whose native form differs from their fields (README, "Messages"). */
export type NativeWellKnownType =
  | 'Timestamp'
  | 'Struct'
  | 'Value'
  | 'ListValue'
  | 'DoubleValue'
  | 'FloatValue'
  | 'Int64Value'
  | 'UInt64Value'
  | 'Int32Value'
  | 'UInt32Value'
  | 'BoolValue'
  | 'StringValue'
  | 'BytesValue';

/** The scalar each wrapper type wraps. */
export const WRAPPED_SCALAR: Readonly<Record<string, string>> = {
  DoubleValue: 'double',
  FloatValue: 'float',
  Int64Value: 'int64',
  UInt64Value: 'uint64',
  Int32Value: 'int32',
  UInt32Value: 'uint32',
  BoolValue: 'bool',
  StringValue: 'string',
  BytesValue: 'bytes',
};

const NATIVE_WELL_KNOWN = new Set<string>([
  'Timestamp',
  'Struct',
  'Value',
  'ListValue',
  ...Object.keys(WRAPPED_SCALAR),
]);

/** The native well-known type `type` is, or `undefined` for any other message. */
export function nativeWellKnownType(type: protobuf.Type): NativeWellKnownType | undefined {
  const match = /^\.google\.protobuf\.([A-Za-z0-9]+)$/.exec(type.fullName);
  return match !== null && NATIVE_WELL_KNOWN.has(match[1] as string)
    ? (match[1] as NativeWellKnownType)
    : undefined;
}

/** What the conversion needs to know of one field, read once from protobufjs' reflection. */
export interface MessageField {
  /** The name protobufjs uses (lower camel case), which output objects use too. */
  readonly name: string;
  /** The name as written in the `.proto` (`free_reason`), also accepted in input. */
  readonly protoName: string;
  /** The scalar type (`int32`, `bytes`, ...) of the field or of a map's values; unset otherwise. */
  readonly scalar: string | undefined;
  /** The enum of the field or of a map's values. */
  readonly enumType: protobuf.Enum | undefined;
  /** The message type of the field or of a map's values. */
  readonly messageType: protobuf.Type | undefined;
  readonly repeated: boolean;
  /** A map's key type (`string`, `int64`, `bool`, ...); unset for other fields. */
  readonly mapKey: string | undefined;
  /** Set or not set is part of the value (`optional`, a oneof member, a proto2 field). */
  readonly explicitPresence: boolean;
  /** The name of the (real, not proto3-optional) oneof the field is a member of. */
  readonly oneof: string | undefined;
  /** A proto2 `required` field: a message without it does not encode. */
  readonly required: boolean;
}

/** The fields of `type`, in declaration order. */
export function messageFields(type: protobuf.Type): MessageField[] {
  return type.fieldsArray.map((field) => {
    field.resolve();
    const resolved = field.resolvedType;
    const partOf = field.partOf;
    const syntheticOneof = field.options?.proto3_optional === true;
    return {
      name: field.name,
      protoName: (field as unknown as { protoName?: string }).protoName ?? field.name,
      scalar: resolved === null ? field.type : undefined,
      enumType: resolved instanceof protobuf.Enum ? resolved : undefined,
      messageType: resolved instanceof protobuf.Type ? resolved : undefined,
      repeated: field.repeated,
      mapKey: field instanceof protobuf.MapField ? field.keyType : undefined,
      explicitPresence: Boolean(field.hasPresence) && !field.repeated && !field.map,
      oneof: partOf !== null && !syntheticOneof ? partOf.name : undefined,
      required: field.required,
    };
  });
}

/** Whether an enum is closed (proto2): numbers it does not name are not values of it. */
export function isClosedEnum(enumType: protobuf.Enum): boolean {
  const features = (enumType as unknown as { _features?: { enum_type?: string } })._features;
  return features?.enum_type === 'CLOSED';
}
