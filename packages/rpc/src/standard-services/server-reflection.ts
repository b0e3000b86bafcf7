import { Status } from '@yrpc/protocol';
import protobuf from 'protobufjs';
import type { Server } from '../server/server.js';
import type { ServiceImplementation } from '../server/service-implementation.js';
import { ProtoRoot } from '../service/proto-root.js';
import type { ServiceDefinition } from '../service/service-definition.js';
import { DescriptorFiles } from './descriptor-files.js';
import { REFLECTION_V1_PROTO, REFLECTION_V1ALPHA_PROTO } from './reflection-protos.js';

/** `grpc.reflection.v1.ServerReflection`, the name buf curl calls first. */
export const REFLECTION_V1_SERVICE = 'grpc.reflection.v1.ServerReflection';
/** `grpc.reflection.v1alpha.ServerReflection`, the name grpcurl (and buf curl's fallback) call. */
export const REFLECTION_V1ALPHA_SERVICE = 'grpc.reflection.v1alpha.ServerReflection';

/** A ServerReflectionRequest as the handler receives it (both versions have the same fields). */
interface ReflectionRequest {
  readonly host?: string;
  readonly fileByFilename?: string;
  readonly fileContainingSymbol?: string;
  readonly fileContainingExtension?: { containingType?: string; extensionNumber?: number };
  readonly allExtensionNumbersOfType?: string;
  readonly listServices?: string;
}

/** The `message_response` part of a ServerReflectionResponse. */
type ReflectionAnswer =
  | { fileDescriptorResponse: { fileDescriptorProto: Uint8Array[] } }
  | { allExtensionNumbersResponse: { baseTypeName: string; extensionNumber: number[] } }
  | { listServicesResponse: { service: { name: string }[] } }
  | { errorResponse: { errorCode: number; errorMessage: string } };

let reflectionRoot: ProtoRoot | undefined;

/** The two reflection services, parsed once from the embedded protos. */
function reflectionProtos(): ProtoRoot {
  if (reflectionRoot === undefined) {
    const root = new protobuf.Root();
    for (const [proto, file, pkg] of [
      [REFLECTION_V1_PROTO, 'grpc/reflection/v1/reflection.proto', 'grpc.reflection.v1'],
      [
        REFLECTION_V1ALPHA_PROTO,
        'grpc/reflection/v1alpha/reflection.proto',
        'grpc.reflection.v1alpha',
      ],
    ] as const) {
      protobuf.parse(proto, root);
      // Parsed from a string, the declarations know no file: name it as upstream does, so that
      // reflection describes these services under their usual file name.
      const namespace = root.lookup(pkg) as protobuf.Namespace;
      for (const nested of namespace.nestedArray) nested.filename = file;
    }
    root.resolveAll();
    reflectionRoot = new ProtoRoot(root);
  }
  return reflectionRoot;
}

/**
 * Adds gRPC server reflection to `server`: `grpc.reflection.v1.ServerReflection` and
 * `grpc.reflection.v1alpha.ServerReflection`, which describe every service the server has, those
 * added later included (their descriptors are read at each request), so that `buf curl --reflect`
 * and grpcurl list, describe and call them without the `.proto` files. The files come from the
 * protobufjs roots of the registered services (`loadProto`, `ProtoRoot.fromJson`); services from
 * protobufjs static code carry no schema and are listed but not described.
 */
export function addReflection(server: Server): Server {
  const protos = reflectionProtos();
  const implementation = reflectionImplementation(server);
  server.addService(protos.service(REFLECTION_V1_SERVICE), implementation);
  server.addService(protos.service(REFLECTION_V1ALPHA_SERVICE), implementation);
  return server;
}

/** The reflection service definitions, for a Client calling a server's reflection. */
export function reflectionServices(): {
  readonly v1: ServiceDefinition;
  readonly v1alpha: ServiceDefinition;
} {
  const protos = reflectionProtos();
  return {
    v1: protos.service(REFLECTION_V1_SERVICE),
    v1alpha: protos.service(REFLECTION_V1ALPHA_SERVICE),
  };
}

/** The ServerReflectionInfo handler, shared by both versions (their messages are the same). */
function reflectionImplementation(server: Server): ServiceImplementation<unknown> {
  // Rebuilt only when services were added since: building serializes every file.
  let cached: { methods: number; files: DescriptorFiles } | undefined;
  const files = (): DescriptorFiles => {
    const methods = server.methods;
    if (cached === undefined || cached.methods !== methods.length) {
      const roots = new Set<protobuf.Root>();
      for (const method of methods) {
        for (const codec of [method.requestType, method.responseType]) {
          const root = codec.schema?.root;
          if (root !== undefined) roots.add(root);
        }
      }
      cached = { methods: methods.length, files: new DescriptorFiles(roots) };
    }
    return cached.files;
  };
  return {
    async *ServerReflectionInfo(requests: AsyncIterable<unknown>) {
      const sent = new Set<string>();
      for await (const raw of requests) {
        const request = raw as ReflectionRequest;
        yield {
          validHost: request.host ?? '',
          originalRequest: request,
          ...answer(request, server, files, sent),
        };
      }
    },
  };
}

/** The answer to one request; what is not there is an ErrorResponse, the stream goes on. */
function answer(
  request: ReflectionRequest,
  server: Server,
  files: () => DescriptorFiles,
  sent: Set<string>,
): ReflectionAnswer {
  if (request.listServices !== undefined && request.listServices !== null) {
    const names = new Set(server.methods.map((method) => method.service));
    return { listServicesResponse: { service: [...names].map((name) => ({ name })) } };
  }
  if (request.fileByFilename !== undefined && request.fileByFilename !== null) {
    const name = request.fileByFilename;
    if (!files().has(name)) return notFound(`file ${name} not found`);
    return described(files().withDependencies(name, sent));
  }
  if (request.fileContainingSymbol !== undefined && request.fileContainingSymbol !== null) {
    const symbol = request.fileContainingSymbol;
    const file = files().fileContainingSymbol(symbol);
    if (file === undefined) return notFound(`symbol ${symbol} not found`);
    return described(files().withDependencies(file, sent));
  }
  if (request.fileContainingExtension !== undefined && request.fileContainingExtension !== null) {
    const type = request.fileContainingExtension.containingType ?? '';
    const number = request.fileContainingExtension.extensionNumber ?? 0;
    const file = files().fileContainingExtension(type, number);
    if (file === undefined) return notFound(`extension ${number} of ${type} not found`);
    return described(files().withDependencies(file, sent));
  }
  if (
    request.allExtensionNumbersOfType !== undefined &&
    request.allExtensionNumbersOfType !== null
  ) {
    const type = request.allExtensionNumbersOfType;
    const numbers = files().extensionNumbers(type);
    if (numbers === undefined) return notFound(`message type ${type} not found`);
    return { allExtensionNumbersResponse: { baseTypeName: type, extensionNumber: numbers } };
  }
  return {
    errorResponse: {
      errorCode: Status.INVALID_ARGUMENT,
      errorMessage: 'the request names no reflection query',
    },
  };
}

function described(files: Uint8Array[]): ReflectionAnswer {
  return { fileDescriptorResponse: { fileDescriptorProto: files } };
}

function notFound(message: string): ReflectionAnswer {
  return { errorResponse: { errorCode: Status.NOT_FOUND, errorMessage: message } };
}
