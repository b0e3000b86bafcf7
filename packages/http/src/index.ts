// Public API of @yrpc/http: explicit named exports only.
export {};
