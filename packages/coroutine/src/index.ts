// Public API of @yrpc/coroutine: explicit named exports only.
export {};
