/**
 * A small bootstrap tree for the e2e tests: four stages as DESIGN declares them, stage1..3 in
 * the folder layout and os in Wolfi's flat layout, a Debian seed lock for the names stage1
 * takes from outside. Written for these tests.
 *
 *   stage1/make   ← busybox (seed)          stage1/zlib ← busybox (seed); nothing uses it
 *   stage1/gcc    ← make (stage1/make), busybox (seed)
 *   stage2/make   ← gcc, make (stage1, the first source)
 *   stage3/gcc    ← make (stage2/make)
 *   stage3/make   ← make (stage2/make), gcc (not in stage2: stage3/gcc itself)
 *   os/openssl    ← gcc, make (not in os: stage3)
 *   os/curl       ← gcc, make (stage3), openssl-dev (os/openssl's subpackage)
 */
import { PLUGIN } from './nx-workspace';

export function recipe(name: string, needs: string[], extra = ''): string {
  const packages = needs.length === 0 ? '' : `environment:\n  contents:\n    packages:\n${needs.map((n) => `      - ${n}\n`).join('')}`;
  return `package:
  name: ${name}
  version: 1.0.0
  epoch: 0
  description: ${name} for the e2e tree
  copyright:
    - license: MIT
${packages}pipeline:
  - runs: echo building ${name}
${extra}`;
}

const seedLock = {
  lockVersion: 1,
  type: 'debian',
  requested: ['busybox'],
  archs: Object.fromEntries(
    ['x86_64', 'aarch64'].map((arch) => [
      arch,
      {
        baseUrl: 'http://deb.debian.org/debian',
        packages: [
          {
            name: 'busybox',
            version: '1:1.35.0-4',
            provides: [],
            depends: [],
            sha256: '0'.repeat(64),
            size: 1,
            filename: `pool/main/b/busybox/busybox_1.35.0-4_${arch}.deb`,
          },
        ],
      },
    ]),
  ),
};

export const NX_JSON = {
  plugins: [
    {
      plugin: PLUGIN,
      options: {
        stages: [
          { name: 'stage1', sources: ['self', 'seed:debian'] },
          { name: 'stage2', sources: ['stage1', 'self', 'seed:debian'] },
          { name: 'stage3', sources: ['stage2', 'self'], seedFree: true },
          { name: 'os', sources: ['self', 'stage3'], seedFree: true },
        ],
        seeds: { debian: { type: 'debian', lock: 'seeds/debian.lock.json' } },
        pipelineDir: 'pipelines',
      },
    },
  ],
};

export function bootstrapTree(): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: 'e2e-distro', private: true }, null, 2)}\n`,
    'nx.json': `${JSON.stringify(NX_JSON, null, 2)}\n`,
    'README.md': '# e2e distro\n',
    'seeds/debian.lock.json': `${JSON.stringify(seedLock, null, 2)}\n`,
    'stage1/make/melange.yaml': recipe('make', ['busybox']),
    'stage1/zlib/melange.yaml': recipe('zlib', ['busybox']),
    'stage1/gcc/melange.yaml': recipe('gcc', ['busybox', 'make']),
    'stage2/make/melange.yaml': recipe('make', ['gcc', 'make']),
    'stage3/gcc/melange.yaml': recipe('gcc', ['make']),
    'stage3/make/melange.yaml': recipe('make', ['make', 'gcc']),
    'os/openssl.yaml': recipe('openssl', ['gcc', 'make'], 'subpackages:\n  - name: openssl-dev\n    pipeline:\n      - runs: echo dev\n'),
    'os/curl.yaml': recipe('curl', ['gcc', 'make', 'openssl-dev']),
    'os/curl/curl.patch': '--- a\n+++ b\n',
  };
}

export const PROJECTS = [
  'os/curl',
  'os/openssl',
  'stage1/gcc',
  'stage1/make',
  'stage1/zlib',
  'stage2/make',
  'stage3/gcc',
  'stage3/make',
];

/**
 * The edges Nx holds: the transitive reduction of the resolved ones. Resolved but implied by a
 * path, so not in Nx: os/curl → stage3/gcc and → stage3/make (through os/openssl), os/openssl →
 * stage3/gcc (through stage3/make), stage2/make → stage1/make (through stage1/gcc), stage3/make
 * → stage2/make (through stage3/gcc).
 */
export const EDGES = [
  'os/curl -> os/openssl',
  'os/openssl -> stage3/make',
  'stage1/gcc -> stage1/make',
  'stage2/make -> stage1/gcc',
  'stage3/gcc -> stage2/make',
  'stage3/make -> stage3/gcc',
];
