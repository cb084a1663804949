export * from './recipe-summary';
export * from './source-lock';
