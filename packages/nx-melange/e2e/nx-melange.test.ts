import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapTree, EDGES, PROJECTS, recipe } from './bootstrap-tree';
import { compilePlugin, NxWorkspace } from './nx-workspace';

describe('nx-melange with the real nx CLI', () => {
  let workspace: NxWorkspace;
  let base: string;

  beforeAll(() => {
    compilePlugin();
    workspace = NxWorkspace.create(bootstrapTree());
    base = workspace.git('rev-parse', 'HEAD');
  });

  afterAll(() => workspace?.dispose());

  it('lists one project per recipe, in both layouts, named by directory', async () => {
    expect(JSON.parse(await workspace.nxOk('show', 'projects', '--json')).sort()).toEqual(PROJECTS);
  });

  it('infers the build target with every arch configuration, stage tag and package metadata', async () => {
    const project = JSON.parse(await workspace.nxOk('show', 'project', 'os/curl', '--json'));
    expect(project.root).toBe('os/curl');
    expect(project.tags).toEqual(['stage:os']);
    expect(project.metadata).toMatchObject({ version: '1.0.0-r0', license: 'MIT', technologies: ['melange'] });
    const build = project.targets.build;
    expect(build.executor).toBe('@stagecraft/nx-melange:build');
    expect(Object.keys(build.configurations).sort()).toEqual(['aarch64', 'amd64', 'arm64', 'x86_64']);
    expect(build.defaultConfiguration).toBeUndefined();
    expect(build.dependsOn).toEqual(['^build']);
    expect(build.inputs).toEqual(
      expect.arrayContaining(['{workspaceRoot}/os/curl.yaml', '{workspaceRoot}/pipelines/**/*', { dependentTasksOutputFiles: '**/*.apk', transitive: true }]),
    );
    const stage1 = JSON.parse(await workspace.nxOk('show', 'project', 'stage1/gcc', '--json'));
    expect(stage1.targets.build.inputs).toContain('{workspaceRoot}/seeds/debian.lock.json');
    expect(build.inputs).not.toContain('{workspaceRoot}/seeds/debian.lock.json');
  });

  it('puts outputs under dist/<arch>/<stage>/<package> for the configuration asked for', async () => {
    expect(await workspace.nxOk('show', 'target', 'outputs', 'os/curl:build', '-c', 'arm64')).toContain('dist/aarch64/os/curl');
  });

  it('draws the seeding graph, the same on every run', async () => {
    const first = (await workspace.graph());
    expect(first.nodes).toEqual(PROJECTS);
    expect(first.edges).toEqual(EDGES);
    expect((await workspace.graph())).toEqual(first);
  });

  it('plans build tasks for flat-layout projects that own no file, arm64 down the whole chain', async () => {
    const plan = JSON.parse(await workspace.nxOk('run', 'os/openssl:build:arm64', '--graph=stdout'));
    expect(Object.keys(plan.tasks.tasks).sort()).toEqual([
      'os/openssl:build:arm64',
      'stage1/gcc:build:arm64',
      'stage1/make:build:arm64',
      'stage2/make:build:arm64',
      'stage3/gcc:build:arm64',
      'stage3/make:build:arm64',
    ]);
    const plans: string[] = plan.taskPlans['os/openssl:build:arm64'];
    expect(plans.find((entry) => entry.startsWith('workspace:[{workspaceRoot}/os/openssl/**/*'))).toContain('{workspaceRoot}/os/openssl.yaml');
    expect(plans).not.toContain('AllExternalDependencies');
  });

  describe('nx affected', () => {
    const change = (files: Record<string, string>) => {
      workspace.git('checkout', '-q', '-B', 'change', base);
      workspace.write(files);
      return workspace.commit('change');
    };
    afterAll(() => workspace.git('checkout', '-q', 'main'));

    it('an os recipe change affects it and its dependents only', async () => {
      const head = change({ 'os/openssl.yaml': recipe('openssl', ['gcc', 'make'], 'subpackages:\n  - name: openssl-dev\n    pipeline:\n      - runs: echo dev again\n') });
      expect(await workspace.affectedProjects(base, head)).toEqual(['os/curl', 'os/openssl']);
    });

    it('a patch in a flat-layout package folder affects that package', async () => {
      const head = change({ 'os/curl/curl.patch': '--- a\n+++ b\n@@ changed @@\n' });
      expect(await workspace.affectedProjects(base, head)).toEqual(['os/curl']);
    });

    it('a stage1 recipe change affects everything built from it in later stages', async () => {
      const head = change({ 'stage1/make/melange.yaml': recipe('make', ['busybox']).replace('1.0.0', '1.0.1') });
      expect(await workspace.affectedProjects(base, head)).toEqual(PROJECTS.filter((p) => p !== 'stage1/zlib'));
    });

    it('a README change affects nothing', async () => {
      const head = change({ 'README.md': '# e2e distro\n\nmore words\n' });
      expect(await workspace.affectedProjects(base, head)).toEqual([]);
    });
  });

  it('moves an edge when a provider appears in an earlier source, though the dependent recipe did not change', async () => {
    workspace.git('checkout', '-q', '-B', 'provider', base);
    expect((await workspace.graph()).edges).toContain('stage3/make -> stage3/gcc');
    workspace.write({ 'stage2/gcc/melange.yaml': recipe('gcc', ['gcc', 'make']) });
    workspace.commit('gcc in stage2');
    const edges = (await workspace.graph()).edges;
    expect(edges).toContain('stage3/make -> stage2/gcc');
    expect(edges).not.toContain('stage3/make -> stage3/gcc');
    workspace.git('checkout', '-q', 'main');
  });

  it('names every broken recipe with file and line, and keeps the others', async () => {
    workspace.git('checkout', '-q', '-B', 'broken', base);
    workspace.write({
      'os/broken.yaml': 'package:\n  name: [broken\n',
      'stage2/bad/melange.yaml': recipe('bad', ['gcc']).replace('version: 1.0.0', 'version: [1, 2]'),
    });
    workspace.commit('two broken recipes');
    const result = await workspace.nx('show', 'projects');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/os\/broken\.yaml:\d+:\d+: /);
    expect(result.stderr).toMatch(/stage2\/bad\/melange\.yaml:\d+:\d+: package\.version/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect((await workspace.graph()).nodes).toEqual(PROJECTS);
    workspace.git('checkout', '-q', 'main');
  });

  it('reports a name no source provides without breaking the graph', async () => {
    workspace.git('checkout', '-q', '-B', 'missing', base);
    workspace.write({ 'os/curl.yaml': recipe('curl', ['gcc', 'make', 'openssl-dev', 'libpsl-dev']) });
    workspace.commit('curl needs libpsl-dev');
    const result = await workspace.nx('show', 'projects', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).sort()).toEqual(PROJECTS);
    expect(result.stderr).toMatch(/os\/curl\.yaml:\d+:\d+: environment\.contents\.packages\[3\]: build dependency "libpsl-dev" has no provider in os/);
    expect((await workspace.graph()).edges).toEqual(EDGES);
    workspace.git('checkout', '-q', 'main');
  });
});
