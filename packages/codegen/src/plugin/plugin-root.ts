import protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor.js';
import {
  type DescriptorProto,
  type FileDescriptorProto,
  FileDescriptorSet,
} from './plugin-messages.js';

/** A root built from a request's files, and which file declares each type and service. */
export interface PluginRoot {
  readonly root: protobuf.Root;
  readonly fileOf: (object: protobuf.ReflectionObject) => string | undefined;
}

/**
 * The protobufjs root of a request's `proto_file`s. The well-known types protobufjs builds in
 * (Any, Timestamp, Struct, ...) are taken from protobufjs, as `loadProto` takes them, so a file
 * generated through the plugin is the same as one generated from the `.proto` files. Comments
 * protobufjs would read as documentation (`/** ... *\/`, `///`) are kept.
 */
export function pluginRoot(files: readonly FileDescriptorProto[]): PluginRoot {
  const builtIn = new Set(Object.keys(protobuf.common).filter((name) => name.endsWith('.proto')));
  const declared = new Map<string, string>();
  const comments = new Map<string, string>();
  for (const file of files) recordFile(file, declared, comments);
  const bytes = FileDescriptorSet.encode(FileDescriptorSet.fromObject({ file: files })).finish();
  const json = protobuf.Root.fromDescriptor(bytes).toJSON() as protobuf.INamespace;
  for (const [fullName, file] of declared) {
    if (builtIn.has(file)) removeFromJson(json, fullName);
  }
  for (const name of new Set(files.map((file) => file.name ?? ''))) {
    const common = builtIn.has(name)
      ? (protobuf.common.get(name) as protobuf.INamespace | null)
      : null;
    if (common !== null) mergeJson(json, common);
  }
  const root = protobuf.Root.fromJSON(json);
  root.resolveAll();
  for (const [fullName, comment] of comments) {
    const object = root.lookup(fullName);
    if (object !== null) object.comment = comment;
    else {
      const method = lookupMethod(root, fullName);
      if (method !== undefined) method.comment = comment;
    }
  }
  const fileOf = (object: protobuf.ReflectionObject) => {
    let current: protobuf.ReflectionObject | null = object;
    while (current !== null) {
      const found = declared.get(current.fullName);
      if (found !== undefined) return found;
      current = current.parent;
    }
    return undefined;
  };
  return { root, fileOf };
}

/** Adds the namespaces and types of `from` to `into`. */
function mergeJson(into: protobuf.INamespace, from: protobuf.INamespace): void {
  for (const [name, object] of Object.entries(from.nested ?? {})) {
    into.nested ??= {};
    const existing = into.nested[name];
    if (existing !== undefined && isNamespaceOnly(existing) && isNamespaceOnly(object)) {
      mergeJson(existing as protobuf.INamespace, object as protobuf.INamespace);
    } else {
      into.nested[name] = object;
    }
  }
}

const isNamespaceOnly = (object: object) =>
  !('fields' in object) && !('values' in object) && !('methods' in object);

/** Takes the type `.a.b.C` out of protobufjs JSON. */
function removeFromJson(json: protobuf.INamespace, fullName: string): void {
  const path = fullName.slice(1).split('.');
  let namespace: protobuf.INamespace | undefined = json;
  for (const part of path.slice(0, -1)) {
    namespace = namespace?.nested?.[part] as protobuf.INamespace | undefined;
  }
  if (namespace?.nested !== undefined) delete namespace.nested[path.at(-1) ?? ''];
}

function lookupMethod(root: protobuf.Root, fullName: string): protobuf.Method | undefined {
  const dot = fullName.lastIndexOf('.');
  const service = root.lookup(fullName.slice(0, dot));
  return service instanceof protobuf.Service ? service.methods[fullName.slice(dot + 1)] : undefined;
}

/** Notes which file declares each top-level type and service, and their doc comments. */
function recordFile(
  file: FileDescriptorProto,
  declared: Map<string, string>,
  comments: Map<string, string>,
): void {
  const name = file.name ?? '';
  const prefix = file.package ? `.${file.package}` : '';
  const byPath = new Map<string, string>();
  for (const location of file.sourceCodeInfo?.location ?? []) {
    const comment = docCommentText(location.leadingComments);
    if (comment !== undefined) byPath.set((location.path ?? []).join('.'), comment);
  }
  const note = (fullName: string, path: string) => {
    const comment = byPath.get(path);
    if (comment !== undefined) comments.set(fullName, comment);
  };
  const visitMessage = (message: DescriptorProto, fullName: string, path: string) => {
    note(fullName, path);
    (message.nestedType ?? []).forEach((nested, index) => {
      if (nested.options?.mapEntry) return;
      visitMessage(nested, `${fullName}.${nested.name}`, `${path}.3.${index}`);
    });
    (message.enumType ?? []).forEach((nested, index) => {
      note(`${fullName}.${nested.name}`, `${path}.4.${index}`);
    });
  };
  (file.messageType ?? []).forEach((message, index) => {
    declared.set(`${prefix}.${message.name}`, name);
    visitMessage(message, `${prefix}.${message.name}`, `4.${index}`);
  });
  (file.enumType ?? []).forEach((type, index) => {
    declared.set(`${prefix}.${type.name}`, name);
    note(`${prefix}.${type.name}`, `5.${index}`);
  });
  (file.service ?? []).forEach((service, index) => {
    declared.set(`${prefix}.${service.name}`, name);
    note(`${prefix}.${service.name}`, `6.${index}`);
    (service.method ?? []).forEach((method, methodIndex) => {
      note(`${prefix}.${service.name}.${method.name}`, `6.${index}.2.${methodIndex}`);
    });
  });
}

/**
 * The text of a leading comment protobufjs reads as documentation (`/** ... *\/` or `///`
 * lines; protoc hands them over without the `/*` or `//`), as protobufjs gives it.
 */
function docCommentText(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const lines = raw.replace(/\n$/, '').split('\n');
  let text: string[];
  if (raw.startsWith('*')) {
    text = lines.map((line, index) =>
      (index === 0 ? line.slice(1) : line).replace(/^\s*\*?\s?/, '').trimEnd(),
    );
  } else if (lines.every((line) => line.startsWith('/'))) {
    text = lines.map((line) => line.slice(1).replace(/^\s/, '').trimEnd());
  } else {
    return undefined;
  }
  const joined = text.join('\n').trim();
  return joined === '' ? undefined : joined;
}
