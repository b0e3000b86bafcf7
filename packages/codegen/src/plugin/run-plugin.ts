import { CodegenError } from '../codegen-error.js';
import { parseCodegenParameter } from '../codegen-options.js';
import { generateFile } from '../generator/file-emitter.js';
import { generatedFileName } from '../generator/type-names.js';
import {
  CodeGeneratorRequest,
  type CodeGeneratorRequestMessage,
  CodeGeneratorResponse,
  FEATURE_PROTO3_OPTIONAL,
} from './plugin-messages.js';
import { pluginRoot } from './plugin-root.js';

/**
 * The protoc/buf plugin: a serialized `CodeGeneratorRequest` in, a serialized
 * `CodeGeneratorResponse` out, with one `<name>.yrpc.ts` per file to generate. A failure
 * (a bad option, a request that does not decode) is the response's `error`, never a throw.
 */
export function runPlugin(request: Uint8Array): Uint8Array {
  let response: Record<string, unknown>;
  try {
    response = { file: generateForRequest(decodeRequest(request)) };
  } catch (error) {
    response = { error: error instanceof Error ? error.message : String(error) };
  }
  response.supportedFeatures = FEATURE_PROTO3_OPTIONAL;
  return CodeGeneratorResponse.encode(CodeGeneratorResponse.fromObject(response)).finish();
}

function decodeRequest(bytes: Uint8Array): CodeGeneratorRequestMessage {
  try {
    return CodeGeneratorRequest.toObject(CodeGeneratorRequest.decode(bytes), {
      arrays: true,
      longs: String,
      enums: String,
    }) as CodeGeneratorRequestMessage;
  } catch (cause) {
    throw new CodegenError(
      'BAD_PLUGIN_REQUEST',
      `the CodeGeneratorRequest does not decode: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

function generateForRequest(
  request: CodeGeneratorRequestMessage,
): { name: string; content: string }[] {
  const options = parseCodegenParameter(request.parameter ?? '');
  const known = new Set(request.protoFile.map((file) => file.name));
  for (const file of request.fileToGenerate) {
    if (!known.has(file)) {
      throw new CodegenError(
        'BAD_PLUGIN_REQUEST',
        `${file} is to be generated but not in proto_file`,
      );
    }
  }
  const { root, fileOf } = pluginRoot(request.protoFile);
  return request.fileToGenerate.map((file) => ({
    name: generatedFileName(file),
    content: generateFile({ root, file, fileOf, options }),
  }));
}
