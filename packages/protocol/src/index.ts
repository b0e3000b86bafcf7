// Public API of @yrpc/protocol: explicit named exports only.
export {};
