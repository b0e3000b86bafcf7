// Public API of @yrpc/net: explicit named exports only.
export {};
