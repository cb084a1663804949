/**
 * Turns the build's destdirs into .apk bytes: for each output package, the SBOM goes into the
 * payload (melange's place), dependency generation reads the payload, and the package is
 * written by @stagecraft/apk with .PKGINFO, scriptlets and signature. Nothing is written to the
 * out dir here; the caller publishes all packages together once every one of them is built.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildPackage, packageFileName, type PackageInfo, type Scriptlets as ApkScriptlets, type SigningKey } from '@stagecraft/apk';
import type { Copyright, Dependencies, PackageOptions, Recipe, Scriptlets } from '@stagecraft/melange-config';
import type { CompiledBuild } from '../compile/compile-build';
import { generateDependencies } from '../sca/generate-dependencies';
import { licenseExpression, renderSpdxDocument, sbomPath, type SbomSource } from '../sbom/spdx-document';

export interface PackagingInput {
  build: CompiledBuild;
  /** host path of each package's destdir */
  packageDir: (name: string) => string;
  sourceDateEpoch: number;
  commit: string;
  namespace: string;
  signingKey?: SigningKey;
  sources: SbomSource[];
  recipeFile: { path: string; sha256: string; repoUrl?: string; license?: string };
  tool: { name: string; version: string };
}

export interface BuiltPackage {
  name: string;
  fileName: string;
  bytes: Buffer;
  info: PackageInfo;
}

export async function packageOutputs(input: PackagingInput): Promise<BuiltPackage[]> {
  const { build } = input;
  const recipe = build.recipe;
  const dirs = build.packages.map((p) => input.packageDir(p.name));
  const built: BuiltPackage[] = [];
  for (const [i, pkg] of build.packages.entries()) {
    const sp = pkg.subpackage;
    const dir = dirs[i];
    const copyright = sp && sp.copyright.length ? sp.copyright : recipe.package.copyright;
    const description = sp ? sp.description : recipe.package.description;
    writeSbom(input, pkg.name, copyright, description, dir);

    const deps: Dependencies = sp ? sp.dependencies : recipe.package.dependencies;
    const options: PackageOptions = sp ? sp.options : recipe.package.options;
    const generated = generateDependencies({
      dir,
      siblingDirs: dirs.filter((_, j) => j !== i),
      fullVersion: recipe.package.fullVersion,
      packageName: pkg.name,
      options: { noProvides: options.noProvides, noDepends: options.noDepends, noCommands: options.noCommands },
      configuredRuntime: deps.runtime,
      configuredProvides: deps.provides,
    });
    const scriptlets = sp ? sp.scriptlets : recipe.package.scriptlets;
    const info: Omit<PackageInfo, 'size' | 'datahash'> = {
      name: pkg.name,
      version: recipe.package.fullVersion,
      arch: build.arch,
      origin: recipe.package.name,
      description,
      url: (sp ? sp.url : '') || recipe.package.url,
      commit: (sp ? sp.commit : '') || recipe.package.commit || input.commit,
      maintainer: input.namespace,
      builddate: input.sourceDateEpoch,
      license: licenseExpression(copyright.map((c) => c.license)),
      depends: generated.runtime,
      provides: generated.provides,
      replaces: deps.replaces,
      providerPriority: priority(deps.providerPriority),
      replacesPriority: priority(deps.replacesPriority),
      triggers: scriptlets.trigger?.paths ?? [],
      vendored: generated.vendored,
    };
    const written = await buildPackage({
      info,
      dataDir: dir,
      scriptlets: apkScriptlets(scriptlets),
      signingKey: input.signingKey,
      sourceDateEpoch: input.sourceDateEpoch,
    });
    built.push({ name: pkg.name, fileName: packageFileName(written.info), bytes: written.bytes, info: written.info });
  }
  return built;
}

function writeSbom(input: PackagingInput, name: string, copyright: Copyright[], description: string, dir: string): void {
  const recipe: Recipe = input.build.recipe;
  const file = join(dir, sbomPath(name, recipe.package.fullVersion));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    renderSpdxDocument({
      packageName: name,
      fullVersion: recipe.package.fullVersion,
      origin: recipe.package.name,
      arch: input.build.arch,
      licenses: copyright.map((c) => c.license),
      description,
      namespace: input.namespace,
      sources: input.sources,
      recipe: { file: input.recipeFile.path, sha256: input.recipeFile.sha256, commit: input.commit, repoUrl: input.recipeFile.repoUrl, license: input.recipeFile.license },
      sourceDateEpoch: input.sourceDateEpoch,
      tool: input.tool,
    }),
  );
}

function priority(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}

function apkScriptlets(s: Scriptlets): ApkScriptlets {
  return {
    preInstall: s.preInstall,
    postInstall: s.postInstall,
    preDeinstall: s.preDeinstall,
    postDeinstall: s.postDeinstall,
    preUpgrade: s.preUpgrade,
    postUpgrade: s.postUpgrade,
    trigger: s.trigger?.script,
  };
}
