#!/bin/sh
# Compiles @yrpc/net's src/ as of <commit> into dist-bench/baseline/ (git-ignored), the 'before'
# of coroutine-echo.js. Run from anywhere: bench/build-baseline.sh <commit>. Its @yrpc/poller is
# the built one of this checkout (packages/poller/dist).
set -eu
commit=${1:?usage: build-baseline.sh <commit>}
cd "$(dirname "$0")/.."
rm -rf dist-bench/baseline-src dist-bench/baseline
mkdir -p dist-bench/baseline-src
git -C "$(git rev-parse --show-toplevel)" archive --format=tar "$commit:packages/net" src \
   | tar -x -C dist-bench/baseline-src
cat > dist-bench/baseline-src/tsconfig.json <<'JSON'
{
  "extends": "../../tsconfig.build.json",
  "compilerOptions": { "outDir": "../baseline", "declaration": false, "sourceMap": false },
  "include": ["src"]
}
JSON
npx tsc -p dist-bench/baseline-src/tsconfig.json
echo "baseline of $commit in $(pwd)/dist-bench/baseline"
