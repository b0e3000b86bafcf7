/** The instrumentation scope name of this package's tracers and meters. */
export const INSTRUMENTATION_SCOPE = '@yrpc/otel';
