#!/usr/bin/env node
// The `yrpc-codegen` command; the code is in dist/ (built from src/cli/yrpc-codegen.ts).
import '../dist/cli/yrpc-codegen.js';
