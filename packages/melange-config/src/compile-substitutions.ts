/**
 * The variables melange defines at compile time (pkg/build/pipeline.go NewSubstitutionMap and
 * its subpackage variant) for one architecture and one context: the main package, or one
 * subpackage. `inputs.*` are added per step by compile-pipeline.ts.
 */
import type { Recipe } from './recipe-model';
import { ScopedVariables, type Variables } from './substitute';

const SRC_DIR = '/home/build';
const OUT_DIR = '/home/build/melange-out';

interface ArchNames {
  goarch: string;
  gnu: string;
  gnuMusl: string;
  rust: string;
  rustMusl: string;
}

/** APK arch → the other names melange derives from it (apko's types.Architecture). */
const ARCH_NAMES: Record<string, ArchNames> = {
  x86_64: { goarch: 'amd64', gnu: 'x86_64-pc-linux-gnu', gnuMusl: 'x86_64-pc-linux-musl', rust: 'x86_64-unknown-linux-gnu', rustMusl: 'x86_64-unknown-linux-musl' },
  aarch64: { goarch: 'arm64', gnu: 'aarch64-unknown-linux-gnu', gnuMusl: 'aarch64-unknown-linux-musl', rust: 'aarch64-unknown-linux-gnu', rustMusl: 'aarch64-unknown-linux-musl' },
  x86: { goarch: '386', gnu: 'i686-pc-linux-gnu', gnuMusl: 'i686-pc-linux-musl', rust: 'i686-unknown-linux-gnu', rustMusl: 'i686-unknown-linux-musl' },
  armhf: { goarch: 'arm/v6', gnu: 'arm-unknown-linux-gnueabihf', gnuMusl: 'arm-unknown-linux-musleabihf', rust: 'arm-unknown-linux-gnueabihf', rustMusl: 'arm-unknown-linux-musleabihf' },
  armv7: { goarch: 'arm/v7', gnu: 'armv7-unknown-linux-gnueabihf', gnuMusl: 'armv7-unknown-linux-musleabihf', rust: 'armv7-unknown-linux-gnueabihf', rustMusl: 'armv7-unknown-linux-musleabihf' },
  ppc64le: { goarch: 'ppc64le', gnu: 'powerpc64le-unknown-linux-gnu', gnuMusl: 'powerpc64le-unknown-linux-musl', rust: 'powerpc64le-unknown-linux-gnu', rustMusl: 'powerpc64le-unknown-linux-musl' },
  riscv64: { goarch: 'riscv64', gnu: 'riscv64-unknown-linux-gnu', gnuMusl: 'riscv64-unknown-linux-musl', rust: 'riscv64gc-unknown-linux-gnu', rustMusl: 'riscv64gc-unknown-linux-musl' },
  s390x: { goarch: 's390x', gnu: 's390x-ibm-linux-gnu', gnuMusl: 's390x-ibm-linux-musl', rust: 's390x-unknown-linux-gnu', rustMusl: 's390x-unknown-linux-musl' },
  loongarch64: { goarch: 'loong64', gnu: 'loongarch64-unknown-linux-gnu', gnuMusl: 'loongarch64-unknown-linux-musl', rust: 'loongarch64-unknown-linux-gnu', rustMusl: 'loongarch64-unknown-linux-musl' },
};

export class UnknownArchError extends Error {
  constructor(readonly arch: string) {
    super(`unknown architecture "${arch}" (known: ${Object.keys(ARCH_NAMES).join(', ')})`);
    this.name = 'UnknownArchError';
  }
}

export interface SubstitutionContext {
  arch: string;
  /** subpackage name when compiling a subpackage's pipeline */
  subpackage?: string;
  /** build options enabled with --build-option */
  buildOptions?: readonly string[];
  /** a pipeline's resolved inputs, defined as `inputs.<name>` */
  inputs?: Readonly<Record<string, string>>;
}

/**
 * The compile-time variables for an architecture and context, for substituteAll and
 * evaluateCondition: what a builder uses to expand a text the way melange's compile would.
 */
export function compileSubstitutions(recipe: Recipe, context: SubstitutionContext): Map<string, string> {
  const vars = packageSubstitutions(recipe, context.arch, context.buildOptions);
  if (context.subpackage !== undefined) {
    for (const [k, v] of subpackageOverrides(context.subpackage)) vars.set(k, v);
  }
  for (const [k, v] of Object.entries(context.inputs ?? {})) vars.set(`inputs.${k}`, v);
  return vars;
}

/** The variables of a subpackage's pipelines, layered over those of the main package. */
export function subpackageScope(mainVars: Variables, subpackage: string): ScopedVariables {
  return new ScopedVariables(mainVars, subpackageOverrides(subpackage));
}

function subpackageOverrides(subpackage: string): Map<string, string> {
  const dir = `${OUT_DIR}/${subpackage}`;
  return new Map([
    ['subpkg.name', subpackage],
    ['context.name', subpackage],
    ['targets.contextdir', dir],
    ['targets.subpkgdir', dir],
  ]);
}

/** The variables of the main package's pipeline. */
/**
 * The variables of packageSubstitutions whose value depends on the architecture: a compile that
 * reads none of them gives the same steps and needs for every arch.
 */
export const ARCH_VARIABLES: ReadonlySet<string> = new Set([
  'build.arch',
  'build.goarch',
  'host.triplet.gnu',
  'host.triplet.rust',
  'cross.triplet.gnu.glibc',
  'cross.triplet.gnu.musl',
  'cross.triplet.rust.glibc',
  'cross.triplet.rust.musl',
]);

export function packageSubstitutions(recipe: Recipe, arch: string, buildOptions: readonly string[] = []): Map<string, string> {
  const names = ARCH_NAMES[arch];
  if (!names) throw new UnknownArchError(arch);
  const pkg = recipe.package;
  const destdir = `${OUT_DIR}/${pkg.name}`;
  const vars = new Map<string, string>([
    ['package.name', pkg.name],
    ['package.version', pkg.version],
    ['package.epoch', String(pkg.epoch)],
    ['package.full-version', pkg.fullVersion],
    ['package.srcdir', SRC_DIR],
    ['targets.outdir', OUT_DIR],
    ['targets.destdir', destdir],
    ['targets.contextdir', destdir],
    ['context.name', pkg.name],
    ['build.arch', arch],
    ['build.goarch', names.goarch],
    ['host.triplet.gnu', names.gnu],
    ['host.triplet.rust', names.rust],
    ['cross.triplet.gnu.glibc', names.gnu],
    ['cross.triplet.gnu.musl', names.gnuMusl],
    ['cross.triplet.rust.glibc', names.rust],
    ['cross.triplet.rust.musl', names.rustMusl],
    [`targets.package.${pkg.name}`, destdir],
  ]);
  for (const sub of recipe.subpackages) vars.set(`targets.package.${sub.name}`, `${OUT_DIR}/${sub.name}`);
  const enabled = new Set(buildOptions);
  for (const name of Object.keys(recipe.options)) vars.set(`options.${name}.enabled`, String(enabled.has(name)));
  for (const [k, v] of Object.entries(recipe.vars)) vars.set(`vars.${k}`, v);
  for (const name of enabled) {
    for (const [k, v] of Object.entries(recipe.options[name]?.vars ?? {})) vars.set(`vars.${k}`, v);
  }
  return vars;
}
