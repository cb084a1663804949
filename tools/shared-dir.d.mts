export function sharedDir(): string;
