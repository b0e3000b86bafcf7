import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

/**
 * The messages of protoc's `google/protobuf/compiler/plugin.proto` (what a code generator plugin
 * reads on stdin and writes to stdout) that this plugin uses, as protobufjs reflection over
 * protobufjs's own `descriptor.proto` types. Fields left out are skipped when decoding.
 */
const PLUGIN_TYPES: Record<string, protobuf.AnyNestedObject> = {
  CodeGeneratorRequest: {
    fields: {
      fileToGenerate: { rule: 'repeated', type: 'string', id: 1 },
      parameter: { type: 'string', id: 2 },
      protoFile: { rule: 'repeated', type: 'google.protobuf.FileDescriptorProto', id: 15 },
    },
  },
  CodeGeneratorResponse: {
    fields: {
      error: { type: 'string', id: 1 },
      supportedFeatures: { type: 'uint64', id: 2 },
      file: { rule: 'repeated', type: 'File', id: 15 },
    },
    nested: {
      File: {
        fields: {
          name: { type: 'string', id: 1 },
          insertionPoint: { type: 'string', id: 2 },
          content: { type: 'string', id: 15 },
        },
      },
    },
  },
};

const pluginRoot = protobuf.Root.fromJSON(
  createRequire(import.meta.url)(
    'protobufjs/google/protobuf/descriptor.json',
  ) as protobuf.INamespace,
);
pluginRoot.define('google.protobuf.compiler').addJSON(PLUGIN_TYPES);
pluginRoot.resolveAll();

/** `google.protobuf.compiler.CodeGeneratorRequest`. */
export const CodeGeneratorRequest = pluginRoot.lookupType(
  'google.protobuf.compiler.CodeGeneratorRequest',
);
/** `google.protobuf.compiler.CodeGeneratorResponse`. */
export const CodeGeneratorResponse = pluginRoot.lookupType(
  'google.protobuf.compiler.CodeGeneratorResponse',
);
/** `google.protobuf.FileDescriptorSet`, to hand the request's files to `Root.fromDescriptor`. */
export const FileDescriptorSet = pluginRoot.lookupType('google.protobuf.FileDescriptorSet');

/** `CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL`: proto3 `optional` is understood. */
export const FEATURE_PROTO3_OPTIONAL = 1;

/** A `.proto` file of a request, as far as this plugin reads it. */
export interface FileDescriptorProto {
  readonly name?: string;
  readonly package?: string;
  readonly messageType?: readonly DescriptorProto[];
  readonly enumType?: readonly { readonly name?: string }[];
  readonly service?: readonly ServiceDescriptorProto[];
  readonly sourceCodeInfo?: {
    readonly location?: readonly {
      readonly path?: readonly number[];
      readonly leadingComments?: string;
    }[];
  };
}

/** A message of a request's file, as far as this plugin reads it. */
export interface DescriptorProto {
  readonly name?: string;
  readonly field?: readonly { readonly name?: string }[];
  readonly nestedType?: readonly DescriptorProto[];
  readonly enumType?: readonly { readonly name?: string }[];
  readonly options?: { readonly mapEntry?: boolean };
}

/** A service of a request's file, as far as this plugin reads it. */
export interface ServiceDescriptorProto {
  readonly name?: string;
  readonly method?: readonly { readonly name?: string }[];
}

/** A decoded request, as far as this plugin reads it. */
export interface CodeGeneratorRequestMessage {
  readonly fileToGenerate: readonly string[];
  readonly parameter?: string;
  readonly protoFile: readonly FileDescriptorProto[];
}
