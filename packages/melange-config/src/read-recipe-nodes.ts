/**
 * Reads the node tree of a melange.yaml (or of a reusable pipeline file) into the typed model,
 * checking every key against melange's schema. No substitution happens here: the values are as
 * written; parse-recipe.ts substitutes afterwards.
 */
import type {
  BuildOption,
  Checks,
  Copyright,
  DataSet,
  Dependencies,
  Environment,
  Package,
  PackageOptions,
  PipelineInput,
  PipelineStep,
  Resources,
  Scriptlets,
  Setcap,
  Subpackage,
  Test,
  VarTransform,
} from './recipe-model';
import { fieldPath, keys } from './node-reader';
import type { NodeReader, SourceNode } from './node-reader';

export const TOP_LEVEL_KEYS = keys(
  'package', 'environment', 'capabilities', 'pipeline', 'subpackages', 'data', 'update', 'vars',
  'var-transforms', 'options', 'test',
);
const PACKAGE_KEYS = keys(
  'name', 'version', 'epoch', 'description', 'annotations', 'url', 'commit', 'target-architecture',
  'copyright', 'dependencies', 'options', 'scriptlets', 'checks', 'cpe', 'timeout', 'resources',
  'test-resources', 'setcap',
);
const COPYRIGHT_KEYS = keys('paths', 'attestation', 'license', 'license-path', 'detection-override');
const DEPENDENCY_KEYS = keys('runtime', 'provides', 'replaces', 'provider-priority', 'replaces-priority');
const PACKAGE_OPTION_KEYS = keys('no-provides', 'no-depends', 'no-commands', 'no-versioned-shlib-deps');
const SCRIPTLET_KEYS = keys(
  'trigger', 'pre-install', 'post-install', 'pre-deinstall', 'post-deinstall', 'pre-upgrade', 'post-upgrade',
);
const TRIGGER_KEYS = keys('script', 'paths');
const CHECK_KEYS = keys('enabled', 'disabled');
const CPE_KEYS = keys(
  'part', 'vendor', 'product', 'edition', 'language', 'sw_edition', 'target_sw', 'target_hw', 'other',
);
const SETCAP_KEYS = keys('path', 'add', 'reason');
const RESOURCE_KEYS = keys('cpu', 'cpumodel', 'memory', 'disk');
/** apko's ImageConfiguration: melange uses contents, environment and accounts; the rest parses */
const ENVIRONMENT_KEYS = keys(
  'contents', 'entrypoint', 'cmd', 'stop-signal', 'work-dir', 'accounts', 'archs', 'environment',
  'paths', 'vcs-url', 'annotations', 'include', 'volumes', 'layering', 'certificates',
);
const CONTENTS_KEYS = keys(
  'build_repositories', 'runtime_repositories', 'repositories', 'keyring', 'packages', 'baseimage',
);
const ACCOUNTS_KEYS = keys('users', 'groups', 'run-as');
const USER_KEYS = keys('username', 'uid', 'gid', 'shell', 'homedir');
const GROUP_KEYS = keys('groupname', 'gid', 'members');
export const STEP_KEYS = keys(
  'name', 'uses', 'with', 'runs', 'pipeline', 'inputs', 'needs', 'label', 'if', 'assertions',
  'working-directory', 'environment',
);
const NEEDS_KEYS = keys('packages', 'capabilities');
const ASSERTION_KEYS = keys('required-steps');
const INPUT_KEYS = keys('description', 'default', 'required');
const SUBPACKAGE_KEYS = keys(
  'if', 'range', 'name', 'pipeline', 'dependencies', 'options', 'scriptlets', 'description', 'url',
  'commit', 'checks', 'test', 'setcap', 'copyright', 'annotations',
);
const DATA_KEYS = keys('name', 'items');
const VAR_TRANSFORM_KEYS = keys('from', 'match', 'replace', 'to');
const BUILD_OPTION_KEYS = keys('vars', 'environment');
const BUILD_OPTION_ENV_KEYS = keys('contents');
const BUILD_OPTION_CONTENTS_KEYS = keys('packages');
const ADD_REMOVE_KEYS = keys('add', 'remove');
const TEST_KEYS = keys('environment', 'pipeline');
const CAPABILITY_KEYS = keys('add', 'drop');

type Entries = Map<string, SourceNode | null>;

function entryMap(r: NodeReader, node: SourceNode | null, field: string, known: ReadonlySet<string>): Entries {
  return new Map(r.entries(node, field, known));
}

const get = (e: Entries, key: string): SourceNode | null => e.get(key) ?? null;

export function readPackage(r: NodeReader, node: SourceNode | null, field = 'package'): Package {
  const e = entryMap(r, node, field, PACKAGE_KEYS);
  const f = (key: string) => fieldPath(field, key);
  const version = r.str(get(e, 'version'), f('version')) ?? '';
  const epoch = r.uint(get(e, 'epoch'), f('epoch')) ?? 0;
  return {
    name: r.str(get(e, 'name'), f('name')) ?? '',
    version,
    epoch,
    fullVersion: `${version}-r${epoch}`,
    description: r.str(get(e, 'description'), f('description')) ?? '',
    url: r.str(get(e, 'url'), f('url')) ?? '',
    commit: r.str(get(e, 'commit'), f('commit')) ?? '',
    annotations: r.strMap(get(e, 'annotations'), f('annotations')),
    copyright: readCopyrights(r, get(e, 'copyright'), f('copyright')),
    dependencies: readDependencies(r, get(e, 'dependencies'), f('dependencies')),
    targetArchitecture: r.strList(get(e, 'target-architecture'), f('target-architecture')),
    options: readPackageOptions(r, get(e, 'options'), f('options')),
    scriptlets: readScriptlets(r, get(e, 'scriptlets'), f('scriptlets')),
    checks: readChecks(r, get(e, 'checks'), f('checks')),
    cpe: readStrictStrMap(r, get(e, 'cpe'), f('cpe'), CPE_KEYS),
    setcap: readSetcaps(r, get(e, 'setcap'), f('setcap')),
    timeout: r.str(get(e, 'timeout'), f('timeout')),
    resources: readResources(r, get(e, 'resources'), f('resources')),
    testResources: readResources(r, get(e, 'test-resources'), f('test-resources')),
  };
}

function readStrictStrMap(r: NodeReader, node: SourceNode | null, field: string, known: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of r.entries(node, field, known)) out[key] = r.str(value, fieldPath(field, key)) ?? '';
  return out;
}

function readCopyrights(r: NodeReader, node: SourceNode | null, field: string): Copyright[] {
  return r.items(node, field).map((item, i) => {
    const f = fieldPath(field, i);
    const e = entryMap(r, item, f, COPYRIGHT_KEYS);
    return {
      license: r.str(get(e, 'license'), fieldPath(f, 'license')) ?? '',
      paths: r.strList(get(e, 'paths'), fieldPath(f, 'paths')),
      attestation: r.str(get(e, 'attestation'), fieldPath(f, 'attestation')),
      licensePath: r.str(get(e, 'license-path'), fieldPath(f, 'license-path')),
      detectionOverride: r.str(get(e, 'detection-override'), fieldPath(f, 'detection-override')),
    };
  });
}

export function readDependencies(r: NodeReader, node: SourceNode | null, field: string): Dependencies {
  const e = entryMap(r, node, field, DEPENDENCY_KEYS);
  return {
    runtime: r.strList(get(e, 'runtime'), fieldPath(field, 'runtime')),
    provides: r.strList(get(e, 'provides'), fieldPath(field, 'provides')),
    replaces: r.strList(get(e, 'replaces'), fieldPath(field, 'replaces')),
    providerPriority: r.str(get(e, 'provider-priority'), fieldPath(field, 'provider-priority')),
    replacesPriority: r.str(get(e, 'replaces-priority'), fieldPath(field, 'replaces-priority')),
  };
}

function readPackageOptions(r: NodeReader, node: SourceNode | null, field: string): PackageOptions {
  const e = entryMap(r, node, field, PACKAGE_OPTION_KEYS);
  const flag = (key: string) => r.bool(get(e, key), fieldPath(field, key)) ?? false;
  return {
    noProvides: flag('no-provides'),
    noDepends: flag('no-depends'),
    noCommands: flag('no-commands'),
    noVersionedShlibDeps: flag('no-versioned-shlib-deps'),
  };
}

function readScriptlets(r: NodeReader, node: SourceNode | null, field: string): Scriptlets {
  const e = entryMap(r, node, field, SCRIPTLET_KEYS);
  const s = (key: string) => r.str(get(e, key), fieldPath(field, key));
  const out: Scriptlets = {
    preInstall: s('pre-install'),
    postInstall: s('post-install'),
    preDeinstall: s('pre-deinstall'),
    postDeinstall: s('post-deinstall'),
    preUpgrade: s('pre-upgrade'),
    postUpgrade: s('post-upgrade'),
  };
  const trigger = get(e, 'trigger');
  if (trigger) {
    const tf = fieldPath(field, 'trigger');
    const t = entryMap(r, trigger, tf, TRIGGER_KEYS);
    out.trigger = {
      script: r.str(get(t, 'script'), fieldPath(tf, 'script')) ?? '',
      paths: r.strList(get(t, 'paths'), fieldPath(tf, 'paths')),
    };
  }
  return out;
}

function readChecks(r: NodeReader, node: SourceNode | null, field: string): Checks {
  const e = entryMap(r, node, field, CHECK_KEYS);
  return {
    enabled: r.strList(get(e, 'enabled'), fieldPath(field, 'enabled')),
    disabled: r.strList(get(e, 'disabled'), fieldPath(field, 'disabled')),
  };
}

function readSetcaps(r: NodeReader, node: SourceNode | null, field: string): Setcap[] {
  return r.items(node, field).map((item, i) => {
    const f = fieldPath(field, i);
    const e = entryMap(r, item, f, SETCAP_KEYS);
    return {
      path: r.str(get(e, 'path'), fieldPath(f, 'path')) ?? '',
      add: r.strMap(get(e, 'add'), fieldPath(f, 'add')),
      reason: r.str(get(e, 'reason'), fieldPath(f, 'reason')) ?? '',
    };
  });
}

function readResources(r: NodeReader, node: SourceNode | null, field: string): Resources | undefined {
  if (!node) return undefined;
  const e = entryMap(r, node, field, RESOURCE_KEYS);
  const s = (key: string) => r.str(get(e, key), fieldPath(field, key));
  return { cpu: s('cpu'), cpumodel: s('cpumodel'), memory: s('memory'), disk: s('disk') };
}

export function readEnvironment(r: NodeReader, node: SourceNode | null, field: string): Environment {
  const e = entryMap(r, node, field, ENVIRONMENT_KEYS);
  const cf = fieldPath(field, 'contents');
  const c = entryMap(r, get(e, 'contents'), cf, CONTENTS_KEYS);
  const af = fieldPath(field, 'accounts');
  const a = entryMap(r, get(e, 'accounts'), af, ACCOUNTS_KEYS);
  return {
    contents: {
      packages: r.strList(get(c, 'packages'), fieldPath(cf, 'packages')),
      repositories: r.strList(get(c, 'repositories'), fieldPath(cf, 'repositories')),
      buildRepositories: r.strList(get(c, 'build_repositories'), fieldPath(cf, 'build_repositories')),
      keyring: r.strList(get(c, 'keyring'), fieldPath(cf, 'keyring')),
    },
    environment: r.strMap(get(e, 'environment'), fieldPath(field, 'environment')),
    accounts: {
      runAs: r.str(get(a, 'run-as'), fieldPath(af, 'run-as')),
      users: r.items(get(a, 'users'), fieldPath(af, 'users')).map((item, i) => {
        const f = fieldPath(fieldPath(af, 'users'), i);
        const u = entryMap(r, item, f, USER_KEYS);
        return {
          username: r.str(get(u, 'username'), fieldPath(f, 'username')) ?? '',
          uid: r.uint(get(u, 'uid'), fieldPath(f, 'uid')),
          gid: r.uint(get(u, 'gid'), fieldPath(f, 'gid')),
          shell: r.str(get(u, 'shell'), fieldPath(f, 'shell')),
          homedir: r.str(get(u, 'homedir'), fieldPath(f, 'homedir')),
        };
      }),
      groups: r.items(get(a, 'groups'), fieldPath(af, 'groups')).map((item, i) => {
        const f = fieldPath(fieldPath(af, 'groups'), i);
        const g = entryMap(r, item, f, GROUP_KEYS);
        return {
          groupname: r.str(get(g, 'groupname'), fieldPath(f, 'groupname')) ?? '',
          gid: r.uint(get(g, 'gid'), fieldPath(f, 'gid')),
          members: r.strList(get(g, 'members'), fieldPath(f, 'members')),
        };
      }),
    },
  };
}

export function readSteps(r: NodeReader, node: SourceNode | null, field: string): PipelineStep[] {
  return r.items(node, field).map((item, i) => readStep(r, item, fieldPath(field, i)));
}

export function readStep(
  r: NodeReader,
  node: SourceNode | null,
  field: string,
  known: ReadonlySet<string> = STEP_KEYS,
): PipelineStep {
  const e = entryMap(r, node, field, known);
  const f = (key: string) => fieldPath(field, key);
  const needsField = f('needs');
  const needs = entryMap(r, get(e, 'needs'), needsField, NEEDS_KEYS);
  const assertions = entryMap(r, get(e, 'assertions'), f('assertions'), ASSERTION_KEYS);
  const step: PipelineStep = {
    field,
    name: r.str(get(e, 'name'), f('name')),
    uses: r.str(get(e, 'uses'), f('uses')),
    with: r.strMap(get(e, 'with'), f('with')),
    runs: r.str(get(e, 'runs'), f('runs')),
    if: r.str(get(e, 'if'), f('if')),
    label: r.str(get(e, 'label'), f('label')),
    workingDirectory: r.str(get(e, 'working-directory'), f('working-directory')),
    environment: r.strMap(get(e, 'environment'), f('environment')),
    needs: r.strList(get(needs, 'packages'), fieldPath(needsField, 'packages')),
    pipeline: readSteps(r, get(e, 'pipeline'), f('pipeline')),
    inputs: readInputs(r, get(e, 'inputs'), f('inputs')),
    requiredSteps: r.uint(get(assertions, 'required-steps'), fieldPath(f('assertions'), 'required-steps')),
  };
  if (e.has('with') && step.uses === undefined && step.pipeline.length === 0) {
    r.fail(get(e, 'with'), f('with'), '"with" needs "uses": inputs go to a reusable pipeline');
  }
  if (step.uses !== undefined && step.runs !== undefined) {
    r.fail(get(e, 'runs'), f('runs'), 'a step has either "uses" or "runs", not both');
  } else if (e.has('with') && step.runs !== undefined) {
    r.fail(get(e, 'runs'), f('runs'), 'a step has either "with" or "runs", not both');
  }
  return step;
}

function readInputs(r: NodeReader, node: SourceNode | null, field: string): Record<string, PipelineInput> {
  const out: Record<string, PipelineInput> = {};
  for (const [name, value] of r.entries(node, field, null)) {
    const f = fieldPath(field, name);
    const e = entryMap(r, value, f, INPUT_KEYS);
    out[name] = {
      description: r.str(get(e, 'description'), fieldPath(f, 'description')) ?? '',
      default: r.str(get(e, 'default'), fieldPath(f, 'default')),
      required: r.bool(get(e, 'required'), fieldPath(f, 'required')) ?? false,
    };
  }
  return out;
}

/** A subpackage declaration as written; `range` is still unexpanded. */
export interface SubpackageDeclaration extends Omit<Subpackage, 'range'> {
  range?: string;
}

export function readSubpackage(r: NodeReader, node: SourceNode | null, field: string): SubpackageDeclaration {
  const e = entryMap(r, node, field, SUBPACKAGE_KEYS);
  const f = (key: string) => fieldPath(field, key);
  const name = r.str(get(e, 'name'), f('name'));
  if (name === undefined) r.fail(node, field, 'a subpackage needs a "name"');
  const test = get(e, 'test');
  return {
    field,
    name: name ?? '',
    description: r.str(get(e, 'description'), f('description')) ?? '',
    url: r.str(get(e, 'url'), f('url')) ?? '',
    commit: r.str(get(e, 'commit'), f('commit')) ?? '',
    annotations: r.strMap(get(e, 'annotations'), f('annotations')),
    if: r.str(get(e, 'if'), f('if')),
    range: r.str(get(e, 'range'), f('range')),
    pipeline: readSteps(r, get(e, 'pipeline'), f('pipeline')),
    dependencies: readDependencies(r, get(e, 'dependencies'), f('dependencies')),
    options: readPackageOptions(r, get(e, 'options'), f('options')),
    scriptlets: readScriptlets(r, get(e, 'scriptlets'), f('scriptlets')),
    checks: readChecks(r, get(e, 'checks'), f('checks')),
    setcap: readSetcaps(r, get(e, 'setcap'), f('setcap')),
    copyright: readCopyrights(r, get(e, 'copyright'), f('copyright')),
    test: test ? readTest(r, test, f('test')) : undefined,
  };
}

export function readTest(r: NodeReader, node: SourceNode | null, field: string): Test {
  const e = entryMap(r, node, field, TEST_KEYS);
  return {
    environment: readEnvironment(r, get(e, 'environment'), fieldPath(field, 'environment')),
    pipeline: readSteps(r, get(e, 'pipeline'), fieldPath(field, 'pipeline')),
  };
}

export function readData(r: NodeReader, node: SourceNode | null, field: string): DataSet[] {
  return r.items(node, field).map((item, i) => {
    const f = fieldPath(field, i);
    const e = entryMap(r, item, f, DATA_KEYS);
    return {
      name: r.str(get(e, 'name'), fieldPath(f, 'name')) ?? '',
      items: r.strMap(get(e, 'items'), fieldPath(f, 'items')),
    };
  });
}

export function readVarTransforms(r: NodeReader, node: SourceNode | null, field: string): VarTransform[] {
  return r.items(node, field).map((item, i) => {
    const f = fieldPath(field, i);
    const e = entryMap(r, item, f, VAR_TRANSFORM_KEYS);
    const s = (key: string) => {
      const value = r.str(get(e, key), fieldPath(f, key));
      if (value === undefined) r.fail(item, f, `a var-transform needs "${key}"`);
      return value ?? '';
    };
    return { from: s('from'), match: s('match'), replace: s('replace'), to: s('to') };
  });
}

export function readBuildOptions(r: NodeReader, node: SourceNode | null, field: string): Record<string, BuildOption> {
  const out: Record<string, BuildOption> = {};
  for (const [name, value] of r.entries(node, field, null)) {
    const f = fieldPath(field, name);
    const e = entryMap(r, value, f, BUILD_OPTION_KEYS);
    const ef = fieldPath(f, 'environment');
    const env = entryMap(r, get(e, 'environment'), ef, BUILD_OPTION_ENV_KEYS);
    const cf = fieldPath(ef, 'contents');
    const contents = entryMap(r, get(env, 'contents'), cf, BUILD_OPTION_CONTENTS_KEYS);
    const pf = fieldPath(cf, 'packages');
    const packages = entryMap(r, get(contents, 'packages'), pf, ADD_REMOVE_KEYS);
    out[name] = {
      vars: r.strMap(get(e, 'vars'), fieldPath(f, 'vars')),
      packages: {
        add: r.strList(get(packages, 'add'), fieldPath(pf, 'add')),
        remove: r.strList(get(packages, 'remove'), fieldPath(pf, 'remove')),
      },
    };
  }
  return out;
}

export function readCapabilities(r: NodeReader, node: SourceNode | null, field: string): { add: string[]; drop: string[] } {
  const e = entryMap(r, node, field, CAPABILITY_KEYS);
  return {
    add: r.strList(get(e, 'add'), fieldPath(field, 'add')),
    drop: r.strList(get(e, 'drop'), fieldPath(field, 'drop')),
  };
}
