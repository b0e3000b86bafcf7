import { basename, isAbsolute, relative, sep } from 'node:path';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';

/** One `.proto` file rebuilt from protobufjs reflection, ready to send as reflection asks. */
interface DescribedFile {
  readonly name: string;
  /** Serialized `google.protobuf.FileDescriptorProto`. */
  readonly bytes: Uint8Array;
  /** Names of the files it imports. */
  readonly dependencies: readonly string[];
}

/** A file under construction: what goes in it and which other files its types point at. */
interface FileDraft {
  readonly name: string;
  readonly packageName: string;
  readonly syntax: string;
  readonly items: protobuf.ReflectionObject[];
  readonly dependencies: Set<string>;
}

/**
 * The `.proto` files behind a set of protobufjs roots, as FileDescriptorProtos, with the indexes
 * server reflection needs: the file declaring a symbol, the extensions of a message type.
 * protobufjs keeps no file structure of its own (Root#toDescriptor makes one file per package,
 * without imports), so the files are regrouped here by the `filename` the parser recorded on each
 * top-level declaration, and their imports recomputed from the types they refer to.
 */
export class DescriptorFiles {
  readonly #files = new Map<string, DescribedFile>();
  readonly #symbols = new Map<string, string>();
  /** Extended message type -> extension number -> file declaring the extension. */
  readonly #extensions = new Map<string, Map<number, string>>();
  readonly #messageTypes = new Set<string>();

  /** The files of `roots`; a file name or symbol met twice keeps its first definition. */
  constructor(roots: Iterable<protobuf.Root>) {
    const drafts = new Map<string, FileDraft>();
    const fileOf = new Map<protobuf.ReflectionObject, string>();
    for (const root of roots) {
      const fresh = new Map<string, FileDraft>();
      collect(root, fresh, fileOf);
      for (const [name, draft] of fresh) {
        if (drafts.has(name)) continue;
        drafts.set(name, draft);
        for (const item of draft.items) this.#index(item, name);
      }
    }
    for (const draft of drafts.values()) {
      for (const item of draft.items) addDependencies(item, draft, fileOf);
      draft.dependencies.delete(draft.name);
      this.#files.set(draft.name, {
        name: draft.name,
        bytes: encodeFile(draft),
        dependencies: [...draft.dependencies],
      });
    }
  }

  /** Whether `name` is one of the files. */
  has(name: string): boolean {
    return this.#files.has(name);
  }

  /** The name of the file declaring `symbol` (`pkg.Message`, `pkg.Service.Method`, ...). */
  fileContainingSymbol(symbol: string): string | undefined {
    return this.#symbols.get(symbol.replace(/^\./, ''));
  }

  /** The name of the file declaring extension `number` of message type `type`. */
  fileContainingExtension(type: string, number: number): string | undefined {
    return this.#extensions.get(type.replace(/^\./, ''))?.get(number);
  }

  /** The extension numbers of message type `type`; `undefined` when it is no known message. */
  extensionNumbers(type: string): number[] | undefined {
    const name = type.replace(/^\./, '');
    if (!this.#messageTypes.has(name)) return undefined;
    return [...(this.#extensions.get(name)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /**
   * Serialized FileDescriptorProtos of file `name` and the files it imports, transitively: `name`
   * first, then each import not yet in `sent` (which records what was added), as grpc-go does.
   */
  withDependencies(name: string, sent: Set<string>): Uint8Array[] {
    const out: Uint8Array[] = [];
    const queue = [name];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const file = this.#files.get(next);
      if (file === undefined) continue;
      if (out.length === 0 || !sent.has(next)) {
        sent.add(next);
        out.push(file.bytes);
        queue.push(...file.dependencies);
      }
    }
    return out;
  }

  #index(item: protobuf.ReflectionObject, file: string): void {
    const name = item.fullName.replace(/^\./, '');
    if (!this.#symbols.has(name)) this.#symbols.set(name, file);
    if (item instanceof protobuf.Type) {
      this.#messageTypes.add(name);
      for (const field of item.fieldsArray) this.#index(field, file);
      for (const oneof of item.oneofsArray) this.#index(oneof, file);
      for (const nested of item.nestedArray) this.#index(nested, file);
    } else if (item instanceof protobuf.Service) {
      for (const method of item.methodsArray) this.#index(method, file);
    } else if (item instanceof protobuf.Enum) {
      // Enum values are scoped like siblings of their enum, as in protoc.
      const scope = name.slice(0, Math.max(0, name.lastIndexOf('.')));
      for (const value of Object.keys(item.values)) {
        const valueName = scope === '' ? value : `${scope}.${value}`;
        if (!this.#symbols.has(valueName)) this.#symbols.set(valueName, file);
      }
    } else if (item instanceof protobuf.Field && item.extend !== undefined) {
      const extended = extendedType(item);
      if (extended !== undefined) {
        const numbers = this.#extensions.get(extended) ?? new Map<number, string>();
        if (!numbers.has(item.id)) numbers.set(item.id, file);
        this.#extensions.set(extended, numbers);
      }
    }
  }
}

/** Groups the top-level declarations of `namespace` (recursively) into file drafts. */
function collect(
  namespace: protobuf.NamespaceBase,
  drafts: Map<string, FileDraft>,
  fileOf: Map<protobuf.ReflectionObject, string>,
): void {
  for (const nested of namespace.nestedArray) {
    const declaration =
      nested instanceof protobuf.Type ||
      nested instanceof protobuf.Service ||
      nested instanceof protobuf.Enum ||
      nested instanceof protobuf.Field;
    if (!declaration) {
      if (nested instanceof protobuf.Namespace) collect(nested, drafts, fileOf);
      continue;
    }
    const packageName = namespace.fullName.replace(/^\./, '');
    const name = fileNameOf(nested, packageName);
    let draft = drafts.get(name);
    if (draft === undefined) {
      draft = { name, packageName, syntax: syntaxOf(nested), items: [], dependencies: new Set() };
      drafts.set(name, draft);
    }
    draft.items.push(nested);
    fileOf.set(nested, name);
  }
}

/** Well-known types loaded without a file name (JSON roots) still get their usual file. */
const WELL_KNOWN_FILES: Record<string, string> = {
  Any: 'any',
  Api: 'api',
  Method: 'api',
  Mixin: 'api',
  Duration: 'duration',
  Empty: 'empty',
  FieldMask: 'field_mask',
  SourceContext: 'source_context',
  Struct: 'struct',
  Value: 'struct',
  ListValue: 'struct',
  NullValue: 'struct',
  Timestamp: 'timestamp',
  DoubleValue: 'wrappers',
  FloatValue: 'wrappers',
  Int64Value: 'wrappers',
  UInt64Value: 'wrappers',
  Int32Value: 'wrappers',
  UInt32Value: 'wrappers',
  BoolValue: 'wrappers',
  StringValue: 'wrappers',
  BytesValue: 'wrappers',
};

/**
 * The name a client sees for the file declaring `item`: the bundled `google/protobuf/...` name for
 * well-known types, the path relative to the working directory for files loaded from disk (an
 * absolute path would leak the machine's layout), else one made from the package.
 */
function fileNameOf(item: protobuf.ReflectionObject, packageName: string): string {
  const filename = item.filename;
  if (filename !== null && filename !== '') {
    const wellKnown = filename.lastIndexOf('google/protobuf/');
    if (wellKnown >= 0) return filename.slice(wellKnown);
    if (!isAbsolute(filename)) return filename.split(sep).join('/');
    const local = relative(process.cwd(), filename);
    return local.startsWith('..') || isAbsolute(local)
      ? basename(filename)
      : local.split(sep).join('/');
  }
  if (packageName === 'google.protobuf') {
    const known = WELL_KNOWN_FILES[item.name];
    return `google/protobuf/${known ?? 'descriptor'}.proto`;
  }
  return `${packageName === '' ? 'root' : packageName.replace(/\./g, '/')}.proto`;
}

/** `proto2`, `proto3` or an edition, as protobufjs recorded it on a top-level declaration. */
function syntaxOf(item: protobuf.ReflectionObject): string {
  const edition = (item as unknown as { _edition?: string | null })._edition;
  return typeof edition === 'string' && edition !== '' ? edition : 'proto3';
}

/** The full name (no leading dot) of the message an extension field extends, if it resolves. */
function extendedType(field: protobuf.Field): string | undefined {
  try {
    const parent = field.parent ?? undefined;
    const type = parent?.lookupType(field.extend ?? '');
    return type?.fullName.replace(/^\./, '');
  } catch {
    return undefined;
  }
}

/** Adds to `draft` the files of the types `item` refers to. */
function addDependencies(
  item: protobuf.ReflectionObject,
  draft: FileDraft,
  fileOf: Map<protobuf.ReflectionObject, string>,
): void {
  const use = (type: protobuf.ReflectionObject | null | undefined): void => {
    let top: protobuf.ReflectionObject | null | undefined = type;
    while (top?.parent instanceof protobuf.Type) top = top.parent;
    const file = top === null || top === undefined ? undefined : fileOf.get(top);
    if (file !== undefined) draft.dependencies.add(file);
  };
  if (item instanceof protobuf.Type) {
    for (const field of item.fieldsArray) use(field.resolve().resolvedType);
    for (const nested of item.nestedArray) addDependencies(nested, draft, fileOf);
  } else if (item instanceof protobuf.Service) {
    for (const method of item.methodsArray) {
      method.resolve();
      use(method.resolvedRequestType);
      use(method.resolvedResponseType);
    }
  } else if (item instanceof protobuf.Field) {
    use(item.resolve().resolvedType);
    if (item.extend !== undefined) {
      try {
        use(item.parent?.lookupType(item.extend));
      } catch {
        // An unresolved extendee has no file to import.
      }
    }
  }
}

/** The serialized FileDescriptorProto of a draft. */
function encodeFile(draft: FileDraft): Uint8Array {
  const file = descriptor.FileDescriptorProto.create({
    name: draft.name,
    dependency: [...draft.dependencies].filter((name) => name !== draft.name),
  });
  if (draft.packageName !== '') file.package = draft.packageName;
  const edition = draft.syntax;
  if (edition === 'proto2' || edition === 'proto3') file.syntax = edition;
  for (const item of draft.items) {
    if (item instanceof protobuf.Type)
      file.messageType.push(completeMessage(item, item.toDescriptor(edition)));
    else if (item instanceof protobuf.Enum) file.enumType.push(item.toDescriptor());
    else if (item instanceof protobuf.Service) file.service.push(item.toDescriptor());
    else if (item instanceof protobuf.Field) {
      const extension = item.toDescriptor(edition);
      const resolved = item.resolve().resolvedType;
      if (resolved !== null) extension.typeName = resolved.fullName;
      file.extension.push(extension);
    }
  }
  return descriptor.FileDescriptorProto.encode(file).finish();
}

/**
 * Brings protobufjs' DescriptorProto of `type` in line with what protoc makes, which the Go
 * descriptor checks buf and grpcurl run insist on: the copies protobufjs adds of the extensions
 * declared for the type are dropped (they belong to the extending file); a map field's entry type
 * is named `LabelsEntry`, not `Labels`; type names are fully qualified (protobufjs writes them
 * relative to the scope); proto3 `optional`'s synthetic oneofs come after the real ones.
 */
function completeMessage(
  type: protobuf.Type,
  message: descriptor.IDescriptorProto,
): descriptor.IDescriptorProto {
  // Extensions declared inside the message: protobufjs lists them as fields, protoc apart.
  const declared = (message.field ?? []).filter((field) => !field.name?.startsWith('.'));
  message.field = declared.filter((field) => !field.extendee);
  const extensions = declared.filter((field) => field.extendee);
  if (extensions.length > 0) message.extension = [...(message.extension ?? []), ...extensions];
  const nestedTypes = message.nestedType ?? [];
  for (const field of message.field) {
    const source = type.fieldsArray.find((f) => f.id === field.number && !f.name.startsWith('.'));
    if (source === undefined) continue;
    const resolved = source.resolve().resolvedType;
    const qualified = resolved === null ? undefined : resolved.fullName;
    if (source.map) {
      const entry = nestedTypes.find((nested) => nested.name === field.typeName);
      if (entry === undefined || field.name === undefined || field.name === null) continue;
      entry.name = mapEntryName(field.name);
      field.typeName = `${type.fullName}.${entry.name}`;
      const value = entry.field?.find((f) => f.number === 2);
      if (value !== undefined && qualified !== undefined) value.typeName = qualified;
    } else if (qualified !== undefined) {
      field.typeName = qualified;
    }
  }
  for (const nested of type.nestedArray) {
    if (!(nested instanceof protobuf.Type)) continue;
    const match = nestedTypes.find((candidate) => candidate.name === nested.name);
    if (match !== undefined) completeMessage(nested, match);
  }
  syntheticOneofsLast(message);
  return message;
}

/** Moves the oneofs made for proto3 `optional` fields after the others, renumbering the fields. */
function syntheticOneofsLast(message: descriptor.IDescriptorProto): void {
  const oneofs = message.oneofDecl ?? [];
  const fields = message.field ?? [];
  const synthetic = oneofs.map((_, index) => {
    const members = fields.filter(
      (field) => Object.hasOwn(field, 'oneofIndex') && field.oneofIndex === index,
    );
    return members.length > 0 && members.every((field) => field.proto3Optional === true);
  });
  const order = [
    ...[...oneofs.keys()].filter((index) => !synthetic[index]),
    ...[...oneofs.keys()].filter((index) => synthetic[index]),
  ];
  message.oneofDecl = order.map((index) => oneofs[index] as descriptor.IOneofDescriptorProto);
  for (const field of fields) {
    // Own properties only: a decoded or created message answers 0 from its prototype.
    if (Object.hasOwn(field, 'oneofIndex') && typeof field.oneofIndex === 'number') {
      field.oneofIndex = order.indexOf(field.oneofIndex);
    }
  }
}

/** `labels_by_id` -> `LabelsByIdEntry`, protoc's name for a map field's entry type. */
function mapEntryName(field: string): string {
  const camel = field.replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
  return `${camel.replace(/_/g, '')}Entry`;
}
