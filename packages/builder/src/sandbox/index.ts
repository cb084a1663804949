// The bubblewrap sandbox: checkSandbox (host readiness as an error value), runInSandbox, and the
// pure bwrapArgs. Re-exported by packages/builder/src/index.ts.
export { bwrapArgs, SANDBOX_HOME, SANDBOX_PATH, sandboxEnvironment, type SandboxMounts } from './bwrap-args';
export { checkSandbox, SandboxUnavailableError, type SandboxHost } from './check-sandbox';
export { hostArch } from './host-arch';
export { runInSandbox, type SandboxResult, type SandboxRun } from './run-in-sandbox';
