// The build environment: resolveEnvironment (apk solver over signed repositories + seed locks →
// EnvironmentPlan) and materializeEnvironment (plan → root dir via the store). Re-exported by
// packages/builder/src/index.ts.
export { apkVersionOfDebian } from './apk-version-of-debian';
export { completeRoot } from './complete-root';
export { sha256OfDigest, storeKeyOf, type EnvironmentPackage, type EnvironmentPlan, type PackageOrigin } from './environment-plan';
export { materializeEnvironment, type MaterializedEnvironment, type MaterializeOptions } from './materialize-environment';
export { lockedPackages, SeedLockArchError, seedPlanEntry } from './plan-from-seed-lock';
export { EnvironmentResolveError, NoEnvironmentProviderError, resolveEnvironment, type ResolveEnvironmentRequest } from './resolve-environment';
