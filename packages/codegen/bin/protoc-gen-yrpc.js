#!/usr/bin/env node
// The `protoc-gen-yrpc` protoc/buf plugin; the code is in dist/ (built from src/cli/protoc-gen-yrpc.ts).
import '../dist/cli/protoc-gen-yrpc.js';
