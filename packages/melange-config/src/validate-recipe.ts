/**
 * The checks melange's validate() makes once a recipe is parsed and substituted, plus one of
 * ours: a `${{…}}` still present where only parse-time names can appear (names, versions,
 * dependencies, the environment) can never be filled in, so it is reported now.
 */
import type { Dependencies, Recipe } from './recipe-model';
import { ARCHS } from './recipe-summary';
import { variablesIn } from './substitute';
import { fieldPath } from './node-reader';

export type Report = (field: string, detail: string) => void;

const PACKAGE_NAME = /^[a-zA-Z\d][a-zA-Z\d+_.-]*$/;
const KNOWN_ARCHS = new Set<string>([
  ...ARCHS, 'all', 'x86', 'armhf', 'armv7', 'loongarch64', 'ppc64le', 'riscv64', 's390x',
  'amd64', 'arm64',
]);

export function validateRecipe(recipe: Recipe, report: Report): void {
  const pkg = recipe.package;
  checkName(pkg.name, 'package.name', report);
  if (pkg.version === '') report('package.version', 'a package needs a non-empty version');
  checkResolved(pkg.version, 'package.version', report);
  pkg.targetArchitecture.forEach((arch, i) => {
    if (!KNOWN_ARCHS.has(arch)) report(fieldPath('package.target-architecture', i), `unknown architecture "${arch}"`);
  });
  checkDependencies(pkg.dependencies, 'package.dependencies', report);
  recipe.environment.contents.packages.forEach((p, i) =>
    checkResolved(p, fieldPath('environment.contents.packages', i), report),
  );

  const seen = new Map<string, string>();
  for (const sub of recipe.subpackages) {
    const field = fieldPath(sub.field, 'name');
    checkName(sub.name, field, report);
    if (sub.name === pkg.name) report(field, `subpackage name "${sub.name}" is the main package's name`);
    const first = seen.get(sub.name);
    if (first !== undefined) report(field, `subpackage name "${sub.name}" is already used by ${first}`);
    else seen.set(sub.name, sub.field);
    checkDependencies(sub.dependencies, fieldPath(sub.field, 'dependencies'), report);
  }
}

function checkName(name: string, field: string, report: Report): void {
  if (name === '') report(field, 'a package needs a name');
  else if (!checkResolved(name, field, report)) return;
  else if (!PACKAGE_NAME.test(name)) {
    report(field, `package name "${name}" must match ${PACKAGE_NAME.source}`);
  }
}

function checkDependencies(deps: Dependencies, field: string, report: Report): void {
  for (const key of ['runtime', 'provides', 'replaces'] as const) {
    deps[key].forEach((d, i) => checkResolved(d, fieldPath(fieldPath(field, key), i), report));
  }
  for (const [key, value] of [
    ['provider-priority', deps.providerPriority],
    ['replaces-priority', deps.replacesPriority],
  ] as const) {
    if (value === undefined || value === '') continue;
    const f = fieldPath(field, key);
    if (checkResolved(value, f, report) && !/^-?\d+$/.test(value.trim())) {
      report(f, `${key} must be an integer, found "${value}"`);
    }
  }
}

/** false (and a report) when a text still holds a substitution */
function checkResolved(text: string, field: string, report: Report): boolean {
  const names = variablesIn(text);
  if (names.length === 0 && !text.includes('${{')) return true;
  const shown = names.length ? names.map((n) => `\${{${n}}}`).join(', ') : text;
  report(
    field,
    `unknown substitution ${shown}: only package.*, vars.*, var-transforms and range.* are defined here`,
  );
  return false;
}
