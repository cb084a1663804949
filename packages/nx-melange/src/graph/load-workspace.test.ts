import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeedingWorkspace, WorkspaceError } from './load-workspace';

let dir: string;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

function recipe(name: string, needs: string[]): string {
  const packages = needs.length ? `environment:\n  contents:\n    packages:\n${needs.map((n) => `      - ${n}\n`).join('')}` : '';
  return `package:\n  name: ${name}\n  version: 1.0.0\n  epoch: 0\n  description: ${name}\n  copyright:\n    - license: MIT\n${packages}pipeline:\n  - runs: echo ${name}\n`;
}

function writeNxJson(plugins: unknown[]): void {
  write('nx.json', JSON.stringify({ plugins }));
}

const melange = {
  plugin: './packages/nx-melange/dist/plugin.js',
  options: {
    stages: [
      { name: 'stage1', sources: ['self', 'seed:debian'] },
      { name: 'os', sources: ['self', 'stage1'] },
    ],
    seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
  },
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-load-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadSeedingWorkspace', () => {
  it('finds recipes in both layouts, only in declared stages, and resolves them', () => {
    writeNxJson(['@nx/js/typescript', melange]);
    write('stage1/make/melange.yaml', recipe('make', []));
    write('os/make.yaml', recipe('make', ['make']));
    write('os/curl/melange.yaml', recipe('curl', ['make']));
    write('docs/readme.yaml', 'not: a recipe\n');
    const { graph, errors } = loadSeedingWorkspace(dir);
    expect(graph.edges.map((e) => `${e.source} -> ${e.target}`)).toEqual(['os/curl -> os/make', 'os/make -> stage1/make']);
    expect(errors).toEqual([`seeds/debian.lock.json: cannot read the lock of seed:debian (ENOENT: no such file or directory, open '${dir}/seeds/debian.lock.json'); it provides nothing`]);
  });

  it('reports a recipe that does not parse and keeps the others', () => {
    writeNxJson([melange]);
    write('seeds/debian.lock.json', JSON.stringify({ lockVersion: 1, type: 'debian', requested: [], archs: {} }));
    write('os/broken.yaml', 'package:\n  name: broken\n  version: [\n');
    write('os/curl.yaml', recipe('curl', []));
    const { graph, errors } = loadSeedingWorkspace(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^os\/broken\.yaml:\d+:\d+: /);
    expect(graph.problems).toEqual([]);
  });

  it('refuses two recipes for one project', () => {
    writeNxJson([melange]);
    write('seeds/debian.lock.json', JSON.stringify({ lockVersion: 1, type: 'debian', requested: [], archs: {} }));
    write('os/curl.yaml', recipe('curl', []));
    write('os/curl/melange.yaml', recipe('curl', []));
    expect(loadSeedingWorkspace(dir).errors).toEqual([
      'os/curl/melange.yaml: project os/curl is already defined by os/curl.yaml; keep one recipe per package directory',
    ]);
  });

  it('says when nx.json has no nx-melange plugin', () => {
    writeNxJson(['@nx/js/typescript']);
    expect(() => loadSeedingWorkspace(dir)).toThrow(WorkspaceError);
    expect(() => loadSeedingWorkspace(dir)).toThrow('nx.json: no plugin entry whose path contains "nx-melange"');
  });
});
