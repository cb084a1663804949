/**
 * Builds RecipeSummary fixtures from a compact description, so resolver tests state only what
 * their case is about. Needs get field `environment.contents.packages[i]` at line 10+i, column 7
 * unless a need spells them out.
 */
import type { Arch, RecipeSummary, SourceLock, LockedPackage } from '@stagecraft/melange-config';
import { parseDependency } from '../parse-dependency';
import type { RecipeInput } from '../seeding-graph';

export interface NeedSketch {
  dep: string;
  field?: string;
  line?: number;
  column?: number;
  archs?: Arch[];
  pipeline?: string;
}

export interface RecipeSketch {
  version?: string;
  epoch?: number;
  needs?: (string | NeedSketch)[];
  subpackages?: string[];
  /** provides of the main package: `cc` (at the package's version) or `cc=1.2-r0` */
  provides?: string[];
  priority?: number;
  /** runtime dependencies per output package */
  runtime?: Record<string, string[]>;
  targetArchitecture?: Arch[];
  repositories?: string[];
}

const ALL: Arch[] = ['x86_64', 'aarch64'];

/** `stage1/gcc` → project stage1/gcc in stage stage1, recipe stage1/gcc/melange.yaml. */
export function sketchRecipe(project: string, s: RecipeSketch = {}): RecipeInput {
  const [stage, name] = project.split('/') as [string, string];
  const file = `${project}/melange.yaml`;
  const version = s.version ?? '1.0.0';
  const epoch = s.epoch ?? 0;
  const fullVersion = `${version}-r${epoch}`;
  const priority = s.priority ?? 0;
  const summary: RecipeSummary = {
    file,
    name,
    version,
    epoch,
    fullVersion,
    description: `${name} for tests`,
    license: 'MIT',
    targetArchitecture: s.targetArchitecture ?? [],
    needs: (s.needs ?? []).map((n, i) => {
      const need = typeof n === 'string' ? { dep: n } : n;
      const dep = parseDependency(need.dep)!;
      return {
        ...dep,
        field: need.field ?? `environment.contents.packages[${i}]`,
        position: { file, line: need.line ?? 10 + i, column: need.column ?? 7 },
        archs: need.archs ?? ALL,
        ...(need.pipeline ? { pipeline: need.pipeline } : {}),
      };
    }),
    provides: [
      { name, version: fullVersion, package: name, kind: 'package', priority },
      ...(s.subpackages ?? []).map((sub) => ({ name: sub, version: fullVersion, package: sub, kind: 'subpackage' as const, priority })),
      ...(s.provides ?? []).map((p) => {
        const [pname, pversion] = p.split('=') as [string, string | undefined];
        return { name: pname, version: pversion ?? fullVersion, package: name, kind: 'provides' as const, priority };
      }),
    ],
    runtime: Object.fromEntries(Object.entries(s.runtime ?? {}).map(([pkg, deps]) => [pkg, deps.map((d) => parseDependency(d)!)])),
    repositories: s.repositories ?? [],
  };
  return { project, stage, summary };
}

/** A lock with the same packages for every arch; `name=version`, with optional depends/provides. */
export function sketchLock(packages: { pkg: string; depends?: string[]; provides?: string[] }[], archs: Arch[] = ALL): SourceLock {
  const locked: LockedPackage[] = packages.map(({ pkg, depends, provides }) => {
    const [name, version] = pkg.split('=') as [string, string];
    return {
      name,
      version,
      provides: provides ?? [],
      depends: depends ?? [],
      sha256: `sha256-of-${name}`,
      size: 1000,
      filename: `pool/${name}_${version}.deb`,
    };
  });
  return {
    lockVersion: 1,
    type: 'debian',
    requested: locked.map((p) => p.name),
    archs: Object.fromEntries(archs.map((a) => [a, { baseUrl: 'http://deb.example/debian', packages: locked }])),
  };
}
