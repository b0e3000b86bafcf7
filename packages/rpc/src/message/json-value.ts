/** A JSON value: what `google.protobuf.Value` holds, and what `JSON.parse` returns. */
export type JsonValue = null | boolean | number | string | JsonArray | JsonObject;

/** A JSON array: what `google.protobuf.ListValue` holds. */
export type JsonArray = JsonValue[];

/** A JSON object: what `google.protobuf.Struct` holds. */
export interface JsonObject {
  [key: string]: JsonValue;
}
