#!/usr/bin/env node
// The `yrpc` command; the code is in dist/ (built from src/main.ts).
import '../dist/main.js';
