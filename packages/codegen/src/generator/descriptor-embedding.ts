import protobuf from 'protobufjs';

/** JSON as protobufjs reads it with `Root.fromJSON`. */
type Json = { [key: string]: unknown };

/**
 * The protobufjs JSON (`toJSON()`) of `types` and of every type they refer to, transitively
 * (well-known types included), in namespaces as they are declared: what `ProtoRoot.fromJson`
 * needs to resolve them without any other file. It is canonical, so that a root loaded from
 * `.proto` text and one built from descriptors give the same JSON: type references are fully
 * qualified, keys sorted, comments and descriptor-only details left out.
 */
export function embeddedDescriptor(
  types: readonly protobuf.ReflectionObject[],
): protobuf.INamespace {
  const included = new Map<string, protobuf.ReflectionObject>();
  const pending = [...types].map(outermost);
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined || included.has(next.fullName)) continue;
    included.set(next.fullName, next);
    for (const referenced of referencesOf(next)) pending.push(outermost(referenced));
  }
  const root: Json = {};
  for (const object of [...included.values()].sort(byFullName)) {
    const path = object.fullName.slice(1).split('.');
    let namespace = root;
    for (const part of path.slice(0, -1)) namespace = child(nestedOf(namespace), part);
    nestedOf(namespace)[path.at(-1) as string] = canonical(object);
  }
  return root as protobuf.INamespace;
}

/** The `nested` object of a namespace's JSON, made when missing. */
function nestedOf(namespace: Json): Json {
  if (namespace.nested === undefined) namespace.nested = {};
  return namespace.nested as Json;
}

/** The namespace `name` in `nested`, made when missing. */
function child(nested: Json, name: string): Json {
  if (nested[name] === undefined) nested[name] = {};
  return nested[name] as Json;
}

const byFullName = (a: protobuf.ReflectionObject, b: protobuf.ReflectionObject) =>
  a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0;

/** The type declared directly in a package that holds `object` (itself, if it is one). */
function outermost(object: protobuf.ReflectionObject): protobuf.ReflectionObject {
  let current = object;
  while (current.parent instanceof protobuf.Type) current = current.parent;
  return current;
}

/** The types the fields and methods of `object` and of everything nested in it refer to. */
function referencesOf(object: protobuf.ReflectionObject): protobuf.ReflectionObject[] {
  const found: protobuf.ReflectionObject[] = [];
  if (object instanceof protobuf.Type) {
    for (const field of object.fieldsArray) {
      if (field.resolvedType !== null) found.push(field.resolvedType);
    }
    for (const nested of object.nestedArray) found.push(...referencesOf(nested));
  } else if (object instanceof protobuf.Service) {
    for (const method of object.methodsArray) {
      method.resolve();
      if (method.resolvedRequestType !== null) found.push(method.resolvedRequestType);
      if (method.resolvedResponseType !== null) found.push(method.resolvedResponseType);
    }
  }
  return found;
}

/** The canonical JSON of a type, enum or service. */
function canonical(object: protobuf.ReflectionObject): Json {
  if (object instanceof protobuf.Type) return typeJson(object);
  if (object instanceof protobuf.Enum) return enumJson(object);
  if (object instanceof protobuf.Service) return serviceJson(object);
  throw new Error(`cannot embed ${object.fullName}`);
}

function typeJson(type: protobuf.Type): Json {
  const json = type.toJSON() as unknown as Json;
  const out: Json = {};
  if (json.edition !== undefined) out.edition = json.edition;
  if (json.options !== undefined) out.options = sortKeys(json.options as Json);
  const oneofs = Object.keys(type.oneofs ?? {}).sort();
  if (oneofs.length > 0) {
    out.oneofs = Object.fromEntries(
      oneofs.map((name) => [name, { oneof: [...(type.oneofs[name]?.oneof ?? [])] }]),
    );
  }
  out.fields = Object.fromEntries(
    [...type.fieldsArray]
      .sort((a, b) => a.id - b.id)
      .map((field) => [field.name, fieldJson(field)]),
  );
  if (json.extensions !== undefined) out.extensions = json.extensions;
  if (json.reserved !== undefined) out.reserved = json.reserved;
  if (json.group !== undefined) out.group = json.group;
  const nested = [...type.nestedArray].sort(byFullName);
  if (nested.length > 0) {
    out.nested = Object.fromEntries(nested.map((inner) => [inner.name, canonical(inner)]));
  }
  return out;
}

function fieldJson(field: protobuf.Field): Json {
  const out: Json = {};
  if (field.rule === 'repeated' || field.rule === 'required') out.rule = field.rule;
  if (field instanceof protobuf.MapField) out.keyType = field.keyType;
  out.type = field.resolvedType === null ? field.type : field.resolvedType.fullName;
  out.id = field.id;
  if (field.protoName !== undefined && field.protoName !== field.name) {
    out.protoName = field.protoName;
  }
  const options = fieldOptions(field);
  if (options !== undefined) out.options = options;
  return out;
}

/** Field options that change what the runtime does; a default of a 64-bit field as a string. */
function fieldOptions(field: protobuf.Field): Json | undefined {
  const options = field.options;
  if (options === undefined) return undefined;
  const out: Json = {};
  for (const key of Object.keys(options).sort()) {
    const value = options[key];
    if (key === 'default') {
      out.default = field.long && typeof value === 'number' ? String(value) : value;
    } else if (key === 'packed' || key === 'proto3_optional' || key === 'deprecated') {
      out[key] = value;
    } else if (key.startsWith('features')) {
      out[key] = value;
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function enumJson(type: protobuf.Enum): Json {
  const json = type.toJSON() as unknown as Json;
  const out: Json = {};
  if (json.edition !== undefined) out.edition = json.edition;
  out.values = { ...type.values };
  if (json.reserved !== undefined) out.reserved = json.reserved;
  return out;
}

const IDEMPOTENCY_LEVELS = ['IDEMPOTENCY_UNKNOWN', 'NO_SIDE_EFFECTS', 'IDEMPOTENT'];

function serviceJson(service: protobuf.Service): Json {
  const methods: Json = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const out: Json = {
      requestType: method.resolvedRequestType?.fullName ?? method.requestType,
      responseType: method.resolvedResponseType?.fullName ?? method.responseType,
    };
    if (method.requestStream === true) out.requestStream = true;
    if (method.responseStream === true) out.responseStream = true;
    const level = method.options?.idempotency_level as unknown;
    if (level !== undefined) {
      out.options = {
        idempotency_level: typeof level === 'number' ? (IDEMPOTENCY_LEVELS[level] ?? level) : level,
      };
    }
    methods[method.name] = out;
  }
  return { methods };
}

function sortKeys(json: Json): Json {
  return Object.fromEntries(
    Object.keys(json)
      .sort()
      .map((key) => [key, json[key]]),
  );
}
