/**
 * Layer boundaries of the yrpc monorepo, checked by `pnpm boundaries`
 * (`depcruise "{packages,apps,examples,tools}/*" --config .dependency-cruiser.cjs`).
 *
 * The stack, bottom to top: coroutine <- poller <- net <- protocol <- rpc.
 * - A package imports its own files and the package directly beneath it, by package name.
 *   Skipping a layer (rpc -> @yrpc/net) and importing upward (net -> @yrpc/rpc) are errors.
 *   What a higher layer needs of a lower one, the layer in between re-exports on purpose.
 * - examples/* import @yrpc/rpc (and @yrpc/otel and @yrpc/http, which users add above it) only:
 *   they show what a user of the top layer writes. @yrpc/otel, @yrpc/cluster and @yrpc/http
 *   import @yrpc/rpc only; @yrpc/cli (the yrpc command) imports @yrpc/rpc and @yrpc/http.
 * - apps/bench is a private benchmark app that measures every layer on its own, so it may
 *   import any of the five library packages, @yrpc/otel, @yrpc/cluster and @yrpc/http by name
 *   (never their src/ by path).
 * - tools/* (repo checks) import no workspace package.
 * - No deep imports: no relative path escaping into another package, no `@yrpc/x/src/...`.
 * - No cycles. No undeclared dependencies: a package's src/ needs `dependencies`; test/ and
 *   bench/ may also use `devDependencies`.
 *
 * Workspace packages are reached through pnpm's node_modules symlinks, and `preserveSymlinks`
 * keeps those paths (packages/rpc/node_modules/@yrpc/protocol/...), so dependency-cruiser checks
 * each import against the importing package's own package.json like any npm dependency.
 * tools/repo-checks/test/boundaries.test.ts plants each violation in a fixture and shows this
 * configuration rejects it.
 */

/** The layers, bottom first. */
const layers = ['coroutine', 'poller', 'net', 'protocol', 'rpc'];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A package directory's own files, not what its node_modules links to: with preserveSymlinks,
 * `packages/rpc/node_modules/@yrpc/protocol/...` is another package.
 */
const ownFiles = (directoryPattern) => `${directoryPattern}(?!node_modules/)`;

/**
 * Matches a dependency on the workspace package `@yrpc/<name>` however it appears: resolved
 * through node_modules, unresolved (its bare name), or by a relative path into its directory.
 */
const workspacePackage = (name, directory) =>
  `(^|/)node_modules/@yrpc/${escapeRegExp(name)}/|^@yrpc/${escapeRegExp(name)}(/|$)|${ownFiles(`^${escapeRegExp(directory)}/`)}`;

const layerPackage = (layer) => workspacePackage(layer, `packages/${layer}`);

/** @yrpc/otel, above rpc beside @yrpc/codegen: what examples and the benchmark app may add. */
const otelPackage = workspacePackage('otel', 'packages/otel');

/** @yrpc/cluster, above rpc: what the benchmark app serves its multi-core target with. */
const clusterPackage = workspacePackage('cluster', 'packages/cluster');

/** @yrpc/http, above rpc: gRPC, gRPC-Web and Connect, which the benchmark app and examples add. */
const httpPackage = workspacePackage('http', 'packages/http');

/** Any workspace package, by name or by directory (not the npm packages a directory links). */
const anyWorkspacePackage = `(^|/)node_modules/@yrpc/|^@yrpc/|${ownFiles('^(packages|apps|examples|tools)/[^/]+/')}`;

const layerRules = layers.flatMap((layer, index) => {
  const from = { path: `^packages/${escapeRegExp(layer)}/` };
  const beneath = layers.slice(0, index);
  const skipped = beneath.slice(0, -1);
  const rules = [
    {
      name: 'no-upward-import',
      comment: `@yrpc/${layer} may import only ${
        index === 0 ? 'its own files' : `itself and @yrpc/${layers[index - 1]}`
      }; this import reaches a layer above it or a package outside the stack.`,
      severity: 'error',
      from,
      to: {
        path: anyWorkspacePackage,
        pathNot: [layer, ...beneath].map(layerPackage),
      },
    },
  ];
  if (skipped.length > 0) {
    rules.push({
      name: 'layer-skip',
      comment: `@yrpc/${layer} may import only @yrpc/${
        layers[index - 1]
      } of the layers beneath it; have @yrpc/${
        layers[index - 1]
      } re-export what is needed in its "Re-exported ... for the layers above" block.`,
      severity: 'error',
      from,
      to: { path: skipped.map(layerPackage) },
    });
  }
  return rules;
});

/**
 * The rule of a package above rpc (`packages/<directory>`): it imports @yrpc/rpc and `alsoAllowed`
 * by name and its own files; no lower layer (rpc re-exports what is needed) and nothing else of
 * the workspace.
 */
const aboveRpc = (name, directory, alsoAllowed, where) => ({
  name,
  comment:
    `${where}: it imports those by name and its own files, no lower layer (rpc re-exports ` +
    'what is needed) and nothing else of the workspace.',
  severity: 'error',
  from: { path: `^packages/${escapeRegExp(directory)}/` },
  to: {
    path: anyWorkspacePackage,
    pathNot: [
      layerPackage('rpc'),
      ...alsoAllowed,
      ownFiles(`^packages/${escapeRegExp(directory)}/`),
    ],
  },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    aboveRpc('otel-only-rpc', 'otel', [], '@yrpc/otel sits above @yrpc/rpc'),
    aboveRpc('cluster-only-rpc', 'cluster', [], '@yrpc/cluster sits above @yrpc/rpc'),
    aboveRpc('http-only-rpc', 'http', [], '@yrpc/http sits above @yrpc/rpc'),
    aboveRpc(
      'cli-only-rpc-http',
      'cli',
      [httpPackage],
      '@yrpc/cli (the yrpc command) sits above @yrpc/rpc and @yrpc/http',
    ),
    {
      name: 'examples-only-rpc',
      comment:
        'Examples show what a user of yrpc writes: they import @yrpc/rpc and the packages above ' +
        'it that users add (@yrpc/otel, @yrpc/http), nothing else.',
      severity: 'error',
      from: { path: '^examples/([^/]+)/' },
      to: {
        path: anyWorkspacePackage,
        pathNot: [layerPackage('rpc'), otelPackage, httpPackage, ownFiles('^examples/$1/')],
      },
    },
    {
      name: 'apps-only-library-packages',
      comment:
        'apps/* may import the five library packages, @yrpc/otel, @yrpc/cluster and @yrpc/http by ' +
        'name (the benchmark app measures every layer, tracing, multi-core serving and gRPC), but ' +
        'no other workspace package.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: {
        path: anyWorkspacePackage,
        pathNot: [
          ...layers.map(layerPackage),
          otelPackage,
          clusterPackage,
          httpPackage,
          ownFiles('^apps/$1/'),
        ],
      },
    },
    {
      name: 'tools-no-workspace-import',
      comment: 'Repository tools check the packages from outside; they import none of them.',
      severity: 'error',
      from: { path: '^tools/([^/]+)/' },
      to: { path: anyWorkspacePackage, pathNot: ownFiles('^tools/$1/') },
    },
    {
      name: 'no-deep-import',
      comment:
        "A relative path leaves this package for another one's files. Import the other package " +
        'by its name instead (and only if it is the layer directly beneath).',
      severity: 'error',
      from: { path: '^(packages|apps|examples|tools)/([^/]+)/' },
      to: {
        dependencyTypes: ['local'],
        path: '^(packages|apps|examples|tools)/',
        pathNot: ownFiles('^$1/$2/'),
      },
    },
    {
      name: 'no-deep-import',
      comment:
        "Import another package by its bare name only, never a path into its src/: the name is the package's public API.",
      severity: 'error',
      from: {},
      to: {
        path: ['^@yrpc/[^/]+/src(/|$)', '(^|/)node_modules/@yrpc/[^/]+/src/(?!index\\.ts$)'],
      },
    },
    {
      name: 'no-circular',
      comment:
        'This import closes a cycle of runtime imports. Break it (move the shared part into its ' +
        'own file). Cycles through an `import type` are allowed: they vanish at run time.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-undeclared-dependency',
      comment:
        "This package imports an npm package that its package.json does not declare. Add it to the importing package's dependencies (src/) or devDependencies (test/, bench/).",
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'This import resolves to nothing. For a package: declare it in this package.json and run pnpm install (pnpm links only declared dependencies).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'src-not-to-dev-dependency',
      comment:
        'Published code (src/) imports a package declared only in devDependencies; users installing the package would not get it. Move it to dependencies.',
      severity: 'error',
      from: { path: '^(packages|apps|examples)/[^/]+/src/' },
      // A peer dependency is also a dev dependency, to be installed for the package's own tests.
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer'] },
    },
    {
      name: 'src-not-to-tests',
      comment: 'Published code (src/) must not import tests, benchmarks or fixtures.',
      severity: 'error',
      from: { path: '^(packages|apps|examples)/([^/]+)/src/' },
      to: { path: '^$1/$2/(test|bench|fixtures)/' },
    },
  ],
  options: {
    // Keep pnpm's node_modules symlink paths so workspace imports are classified against the
    // importing package's package.json (npm / npm-dev / npm-no-pkg) like any other package.
    preserveSymlinks: true,
    doNotFollow: { path: '(^|/)node_modules/' },
    // Code generated by protobufjs-cli for the rpc README's static-code example: its .d.ts imports
    // long.js, which a user installs with it (the README says so); it is not this repo's code.
    exclude: {
      path: '(^|/)(dist|dist-bench|coverage|\\.turbo)/|^packages/rpc/test/readme/generated/',
    },
    // Type-only imports count: they end up in the published .d.ts files.
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@yrpc/source', 'import', 'types', 'node', 'default'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
