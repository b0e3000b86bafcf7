// Public API of @yrpc/codegen: explicit named exports only.

export { CodegenError, type CodegenErrorCode } from './codegen-error.js';
export {
  type CodegenOptions,
  codegenOptionsFrom,
  DEFAULT_CODEGEN_OPTIONS,
  formatCodegenParameter,
  parseCodegenParameter,
} from './codegen-options.js';
export { type GeneratorInput, generateFile } from './generator/file-emitter.js';
export { generatedFileName } from './generator/type-names.js';
export { runPlugin } from './plugin/run-plugin.js';
export { type GeneratedFile, generateFromProtoFiles, type ProtoSources } from './standalone.js';
