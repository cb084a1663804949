/**
 * The built-in pipeline library, checked for real: every file loads and compiles for both
 * architectures without an unknown `${{…}}`, its shell parses, and the split/patch/make
 * pipelines do their job when run by /bin/sh on a scratch tree (the sandbox paths under
 * /home/build are moved into a temp dir, which is also the scripts' TMPDIR; nothing else changes).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/test-temp-dir';
import { compileRecipe } from './compile-pipeline';
import type { CompiledStep } from './compile-pipeline';
import { parseRecipe } from './parse-recipe';
import { PipelineLibrary } from './pipeline-library';

const library = new PipelineLibrary();
const BUILTINS = library.supportedBuiltins();

/** inputs a pipeline requires, with harmless values */
const REQUIRED: Record<string, Record<string, string>> = {
  fetch: { uri: 'https://example.org/foo-1.0.tar.gz', 'expected-sha256': 'a'.repeat(64) },
  'git-checkout': { repository: 'https://example.org/foo.git', tag: 'v1.0' },
};

function compileUse(uses: string, withInputs: Record<string, string>, arch: string, inSubpackage: boolean) {
  const withYaml = Object.entries(withInputs)
    .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const step = `  - uses: ${uses}\n${withYaml ? `    with:\n${withYaml}\n` : ''}`;
  const text = inSubpackage
    ? `package:\n  name: foo\n  version: 1.0\n  epoch: 0\nsubpackages:\n  - name: foo-sub\n    pipeline:\n${step.replace(/^/gm, '    ')}`
    : `package:\n  name: foo\n  version: 1.0\n  epoch: 0\npipeline:\n${step}`;
  const compiled = compileRecipe(parseRecipe(text, 'os/foo.yaml'), { library, arch, runs: true });
  return inSubpackage ? (compiled.subpackages[0]?.steps ?? []) : compiled.main.steps;
}

function scripts(steps: CompiledStep[]): string[] {
  return steps.flatMap((s) => [...(s.runs ? [s.runs] : []), ...scripts(s.steps)]);
}

/**
 * Runs a split-style pipeline for subpackage `foo-sub` with the build tree moved to `root`, its
 * temp files too: a failing script's would stay in the host's /tmp, not go with the sandbox's.
 */
function runIn(root: string, uses: string, withInputs: Record<string, string> = {}, inSubpackage = true): void {
  for (const script of scripts(compileUse(uses, withInputs, 'x86_64', inSubpackage))) {
    const moved = script.split('/home/build').join(root);
    execFileSync('/bin/sh', ['-c', `set -e\ncd '${root}'\n${moved}`], { stdio: 'pipe', env: { ...process.env, TMPDIR: root } });
  }
}

function tree(files: Record<string, string>, symlinks: Record<string, string> = {}): string {
  const root = tempDir('split');
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  for (const [rel, target] of Object.entries(symlinks)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.symlinkSync(target, path.join(root, rel));
  }
  return root;
}

function listing(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

describe('built-in pipeline library', () => {
  it('has every pipeline the builder must support', () => {
    expect(BUILTINS).toEqual([
      'autoconf/configure', 'autoconf/make', 'autoconf/make-install', 'cmake/build', 'cmake/configure',
      'cmake/install', 'fetch', 'git-checkout', 'meson/compile', 'meson/configure', 'meson/install', 'patch',
      'split/alldocs', 'split/bin', 'split/debug', 'split/dev', 'split/infodir', 'split/lib', 'split/locales',
      'split/manpages', 'split/static', 'strip',
    ]);
  });

  it.each(BUILTINS)('%s compiles for both arches, in main and subpackage context, to shell that parses', (name) => {
    const definition = library.get(name);
    expect(definition.origin).toBe('builtin');
    expect(definition.step.name).toBeTruthy();
    for (const arch of ['x86_64', 'aarch64']) {
      for (const inSubpackage of [false, true]) {
        for (const script of scripts(compileUse(name, REQUIRED[name] ?? {}, arch, inSubpackage))) {
          expect(script).not.toContain('${{');
          execFileSync('/bin/sh', ['-n', '-c', script]);
        }
      }
    }
  });

  it('needs-only pipelines are known, unsupported, and named in the refusal message', () => {
    expect(library.unsupportedBuiltins()).toContain('go/build');
    expect(library.get('cargo/build').supported).toBe(false);
    expect(library.unsupportedMessage('go/build')).toMatch(
      /^pipeline go\/build is not supported by the embedded builder; supported: autoconf\/configure, .*split\/dev, .*strip/,
    );
  });
});

const main = (root: string) => path.join(root, 'melange-out/foo');
const sub = (root: string) => path.join(root, 'melange-out/foo-sub');

describe('split pipelines move files out of the main package', () => {
  it('split/dev takes headers, pkgconfig, static archives and .so link symlinks, leaving runtime libraries', () => {
    const root = tree(
      {
        'melange-out/foo/usr/include/foo.h': '',
        'melange-out/foo/usr/lib/pkgconfig/foo.pc': '',
        'melange-out/foo/usr/lib/libfoo.a': '',
        'melange-out/foo/usr/lib/libfoo.so.1.0': 'elf',
        'melange-out/foo/usr/bin/foo-config': '',
        'melange-out/foo/usr/bin/foo': '',
      },
      { 'melange-out/foo/usr/lib/libfoo.so': 'libfoo.so.1.0' },
    );
    runIn(root, 'split/dev');
    expect(listing(sub(root))).toEqual([
      'usr/bin/foo-config', 'usr/include/foo.h', 'usr/lib/libfoo.a', 'usr/lib/libfoo.so', 'usr/lib/pkgconfig/foo.pc',
    ]);
    expect(listing(main(root))).toEqual(['usr/bin/foo', 'usr/lib/libfoo.so.1.0']);
  });

  it('split/static, manpages, infodir, locales, bin and lib each take their part', () => {
    const root = tree({
      'melange-out/foo/usr/lib/libfoo.a': '',
      'melange-out/foo/usr/share/man/man1/foo.1': '',
      'melange-out/foo/usr/share/info/foo.info': '',
      'melange-out/foo/usr/share/info/dir': '',
      'melange-out/foo/usr/share/locale/de/LC_MESSAGES/foo.mo': '',
      'melange-out/foo/usr/lib/libfoo.so.1': '',
      'melange-out/foo/usr/bin/foo': '',
    });
    const taken: Record<string, string[]> = {};
    for (const name of ['split/static', 'split/manpages', 'split/infodir', 'split/locales', 'split/lib', 'split/bin']) {
      fs.rmSync(sub(root), { recursive: true, force: true });
      runIn(root, name);
      taken[name] = listing(sub(root));
    }
    expect(taken).toEqual({
      'split/static': ['usr/lib/libfoo.a'],
      'split/manpages': ['usr/share/man/man1/foo.1'],
      'split/infodir': ['usr/share/info/foo.info'],
      'split/locales': ['usr/share/locale/de/LC_MESSAGES/foo.mo'],
      'split/lib': ['usr/lib/libfoo.so.1'],
      'split/bin': ['usr/bin/foo'],
    });
    expect(listing(main(root))).toEqual([]);
  });

  it('split/alldocs merges into a directory an earlier split already created', () => {
    const root = tree({
      'melange-out/foo/usr/share/doc/foo/README': '',
      'melange-out/foo/usr/share/man/man1/foo.1': '',
      'melange-out/foo-sub/usr/share/doc/other/NEWS': '',
    });
    runIn(root, 'split/alldocs');
    expect(listing(sub(root))).toEqual(['usr/share/doc/foo/README', 'usr/share/doc/other/NEWS', 'usr/share/man/man1/foo.1']);
  });

  it('split/lib honours patterns and the package input', () => {
    const root = tree({
      'melange-out/other/usr/lib/libssl.so.3': '',
      'melange-out/other/usr/lib/libcrypto.so.3': '',
    });
    runIn(root, 'split/lib', { package: 'other', patterns: 'ssl' });
    expect(listing(sub(root))).toEqual(['usr/lib/libssl.so.3']);
  });

  it('refuses to split the main package into itself', () => {
    const root = tree({ 'melange-out/foo/usr/share/man/man1/foo.1': '' });
    expect(() => runIn(root, 'split/manpages', {}, false)).toThrow(/cannot be split into itself/);
  });
});

describe('patch and make pipelines', () => {
  it('patch applies a series file in order, skipping comments', () => {
    const root = tree({
      'hello.txt': 'hello\n',
      'series': '# comment\n01.patch\n\n',
      '01.patch': '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello\n+hello, world\n',
    });
    runIn(root, 'patch', { series: path.join(root, 'series') }, false);
    expect(fs.readFileSync(path.join(root, 'hello.txt'), 'utf8')).toBe('hello, world\n');
  });

  it('autoconf/make and make-install build and install into the context dir, dropping .la files', () => {
    const root = tree({
      'Makefile':
        'all:\n\techo built > out.txt\ninstall:\n\tmkdir -p $(DESTDIR)/usr/lib\n\tcp out.txt $(DESTDIR)/usr/lib/\n\ttouch $(DESTDIR)/usr/lib/libx.la\n',
    });
    runIn(root, 'autoconf/make', {}, false);
    runIn(root, 'autoconf/make-install', {}, false);
    expect(listing(main(root))).toEqual(['usr/lib/out.txt']);
  });
});

describe('git-checkout against a real local repository', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, stdio: 'pipe' })
      .toString()
      .trim();

  function upstream() {
    const repo = tempDir('upstream');
    git(repo, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'file'), 'one\n');
    git(repo, 'add', 'file');
    git(repo, 'commit', '-q', '-m', 'one');
    git(repo, 'tag', 'v1');
    const v1 = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', '-b', 'fixes');
    fs.writeFileSync(path.join(repo, 'fix'), 'fixed\n');
    git(repo, 'add', 'fix');
    git(repo, 'commit', '-q', '-m', 'fix');
    const fix = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
    return { url: `file://${repo}`, v1, fix };
  }

  /** runs the pipeline with HOME and TMPDIR in a scratch dir, as the sandbox gives it its own */
  function checkout(withInputs: Record<string, string>): string {
    const root = tempDir('checkout');
    for (const script of scripts(compileUse('git-checkout', withInputs, 'x86_64', false))) {
      execFileSync('/bin/sh', ['-c', `set -e\ncd '${root}'\n${script}`], {
        stdio: 'pipe',
        env: { ...process.env, HOME: root, TMPDIR: root, SOURCE_DATE_EPOCH: '1700000000', GIT_CONFIG_NOSYSTEM: '1' },
      });
    }
    return root;
  }

  it('checks out a tag, verifies expected-commit and applies a cherry-pick from a branch', () => {
    const { url, v1, fix } = upstream();
    const root = checkout({
      repository: url,
      tag: 'v1',
      'expected-commit': v1,
      destination: 'src',
      'cherry-picks': `fixes/${fix}: the fix we need # upstream PR 1\n`,
    });
    const src = path.join(root, 'src');
    expect(fs.readFileSync(path.join(src, 'file'), 'utf8')).toBe('one\n');
    expect(fs.readFileSync(path.join(src, 'fix'), 'utf8')).toBe('fixed\n');
    expect(git(src, 'log', '-1', '--format=%ct')).toBe('1700000000');
  });

  it('fails when the tag does not resolve to expected-commit', () => {
    const { url, fix } = upstream();
    expect(() => checkout({ repository: url, tag: 'v1', 'expected-commit': fix })).toThrow(/expected commit .* found/);
  });

  it('fails on a cherry-pick line without a reason', () => {
    const { url, v1, fix } = upstream();
    expect(() => checkout({ repository: url, tag: 'v1', 'expected-commit': v1, 'cherry-picks': `fixes/${fix}\n` })).toThrow(
      /needs '\[branch\/\]commit: reason'/,
    );
  });
});
