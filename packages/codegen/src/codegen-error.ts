/** Why code generation failed. */
export type CodegenErrorCode =
  /** An option is unknown or has a value it cannot take. */
  | 'INVALID_OPTION'
  /** A `.proto` file, or one it imports, is missing or does not parse. */
  | 'PROTO_LOAD_FAILED'
  /** A file to generate is in none of the include directories. */
  | 'OUTSIDE_INCLUDE_DIRS'
  /** A protoc/buf plugin request does not decode or names a file it does not carry. */
  | 'BAD_PLUGIN_REQUEST';

/** A failure of code generation; `message` is one readable line, `code` says which kind. */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';
  readonly code: CodegenErrorCode;

  constructor(code: CodegenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** Whether `value` is a CodegenError (of `code`, when given). */
  static is(value: unknown, code?: CodegenErrorCode): value is CodegenError {
    return value instanceof CodegenError && (code === undefined || value.code === code);
  }
}
