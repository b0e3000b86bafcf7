// Regenerates generated/meta.js and generated/meta.d.ts from proto/ with protobufjs-cli.
// The output is committed so that installing the package needs no code generation.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const proto = 'proto/yrpc/protocol/v1/meta.proto';
const js = 'generated/meta.js';
const dts = 'generated/meta.d.ts';
const run = (bin, args) => execFileSync(bin, args, { stdio: 'inherit' });

run('pbjs', [
  '-t',
  'static-module',
  '-w',
  'es6',
  '--es6',
  '--dependency',
  'protobufjs/minimal.js',
  '--no-verify',
  '--no-convert',
  '--no-delimited',
  '--no-typeurl',
  '--no-service',
  // A root of its own: the shared default root would let any other static module whose package
  // starts with `yrpc` overwrite these types when both load in one process.
  '--root',
  'yrpc-protocol',
  '-o',
  js,
  proto,
]);
run('pbts', ['-o', dts, js]);
// The schema has no 64-bit fields, so the `long` import pbts always emits is unused; dropping it
// keeps the declarations resolvable without `long` installed beside this package.
writeFileSync(dts, readFileSync(dts, 'utf8').replace(/^import Long = require\("long"\);\n/m, ''));
