// Public API of @yrpc/rpc: explicit named exports only.
export {};
