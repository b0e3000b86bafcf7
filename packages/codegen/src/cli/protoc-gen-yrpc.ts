import { runPlugin } from '../plugin/run-plugin.js';
import { readStdin } from './read-stdin.js';

// protoc-gen-yrpc: protoc and `buf generate` write a CodeGeneratorRequest to stdin and read the
// CodeGeneratorResponse from stdout. Failures travel in the response's `error` field.
const response = runPlugin(await readStdin());
process.stdout.write(response);
