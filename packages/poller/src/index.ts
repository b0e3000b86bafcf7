// Public API of @yrpc/poller: explicit named exports only.
export {};
