import { defineProject } from 'vitest/config';

/**
 * Shared per-package vitest project settings. Workspace packages resolve through the
 * `@yrpc/source` export condition, so tests run against `src/` without a build first.
 */
export function packageProject(name: string, overrides: { testTimeout?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['@yrpc/source', 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@yrpc/source', 'import', 'node', 'default'] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: overrides.testTimeout ?? 20_000,
      hookTimeout: 20_000,
    },
  });
}
