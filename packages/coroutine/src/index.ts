// Public API of @yrpc/coroutine: explicit named exports only.
export { call } from './call.js';
export { Context, createContext } from './context.js';
export { CoroutineError, type CoroutineErrorCode } from './coroutine-error.js';
export type { Instruction, Operation, OperationFactory, Resumer } from './operation.js';
export { currentTask, type RunOptions, run, spawn } from './run.js';
export { defaultScheduler, Scheduler, type SchedulerOptions } from './scheduler.js';
export { sleep } from './sleep.js';
export { suspend } from './suspension.js';
export type { Halting, Task, TaskState } from './task.js';
export { fromPromise, until } from './until.js';
export { yieldNow } from './yield-now.js';
