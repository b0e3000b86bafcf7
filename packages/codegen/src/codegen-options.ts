import type { MessageOptions } from '@yrpc/rpc';
import { CodegenError } from './codegen-error.js';

/**
 * What the generated code says about messages: `@yrpc/rpc`'s {@link MessageOptions} with every
 * choice made. They are also the `messages` options the generated `ProtoRoot` pins, so the
 * runtime hands out exactly the shapes the types describe, whatever a Server or Client is told.
 */
export type CodegenOptions = {
  readonly [Name in keyof MessageOptions]-?: Exclude<MessageOptions[Name], undefined>;
};

/** The defaults, the same as `@yrpc/rpc`'s message defaults. */
export const DEFAULT_CODEGEN_OPTIONS: CodegenOptions = Object.freeze({
  longs: 'bigint',
  enums: 'name',
  wellKnownTypes: 'native',
  defaults: true,
});

const CHOICES = {
  longs: ['bigint', 'string', 'number'],
  enums: ['name', 'number'],
  wellKnownTypes: ['native', 'message'],
  defaults: ['true', 'false'],
} as const;

type OptionName = keyof typeof CHOICES;

const isOptionName = (name: string): name is OptionName => Object.hasOwn(CHOICES, name);

/**
 * Options from `name=value` pairs (`longs=string`, `defaults=false`), the defaults for the rest.
 * Throws INVALID_OPTION naming the option and what it may be.
 */
export function codegenOptionsFrom(pairs: Readonly<Record<string, string>>): CodegenOptions {
  const chosen: Record<string, string> = {};
  for (const [name, value] of Object.entries(pairs)) {
    if (!isOptionName(name)) {
      throw new CodegenError(
        'INVALID_OPTION',
        `unknown option "${name}" (options: ${Object.keys(CHOICES).join(', ')})`,
      );
    }
    const choices: readonly string[] = CHOICES[name];
    if (!choices.includes(value)) {
      throw new CodegenError(
        'INVALID_OPTION',
        `option ${name} cannot be "${value}" (one of: ${choices.join(', ')})`,
      );
    }
    chosen[name] = value;
  }
  return {
    longs: (chosen.longs as CodegenOptions['longs'] | undefined) ?? DEFAULT_CODEGEN_OPTIONS.longs,
    enums: (chosen.enums as CodegenOptions['enums'] | undefined) ?? DEFAULT_CODEGEN_OPTIONS.enums,
    wellKnownTypes:
      (chosen.wellKnownTypes as CodegenOptions['wellKnownTypes'] | undefined) ??
      DEFAULT_CODEGEN_OPTIONS.wellKnownTypes,
    defaults:
      chosen.defaults === undefined ? DEFAULT_CODEGEN_OPTIONS.defaults : chosen.defaults === 'true',
  };
}

/**
 * Options from a protoc plugin parameter, `longs=string,enums=number` (buf.gen.yaml's `opt`).
 * Throws INVALID_OPTION for an unknown name, a bad value or a pair without `=`.
 */
export function parseCodegenParameter(parameter: string): CodegenOptions {
  const pairs: Record<string, string> = {};
  for (const part of parameter.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const equals = item.indexOf('=');
    if (equals <= 0) {
      throw new CodegenError('INVALID_OPTION', `option "${item}" is not of the form name=value`);
    }
    pairs[item.slice(0, equals).trim()] = item.slice(equals + 1).trim();
  }
  return codegenOptionsFrom(pairs);
}

/** The options as the parameter that gives them, every one spelled out. */
export function formatCodegenParameter(options: CodegenOptions): string {
  return `longs=${options.longs},enums=${options.enums},wellKnownTypes=${options.wellKnownTypes},defaults=${options.defaults}`;
}
