import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildRecipe, hostArch } from '@stagecraft/builder';
import { ARCHS, type Arch, type SourceLock } from '@stagecraft/melange-config';
import { type Command, UsageError } from '../command';

const ARCH_ALIASES: Record<string, Arch> = { x86_64: 'x86_64', amd64: 'x86_64', aarch64: 'aarch64', arm64: 'aarch64' };
/** melange looks for these when no config is named */
const DEFAULT_CONFIGS = ['.melange.yaml', '.melange.yml', 'melange.yaml', 'melange.yml'];

const USAGE = `usage: stagecraft build [recipe.yaml] [flags]

Builds a melange recipe into signed APK packages with the embedded builder, in a bubblewrap
sandbox with no network. Flags and defaults follow \`melange build\`.

  --arch LIST                 architectures, comma separated or repeated (x86_64/amd64,
                              aarch64/arm64, host); default: every one the recipe targets
  --out-dir DIR               packages go to DIR/<arch>/ (default ./packages/)
  -r, --repository-append R   APK repository the environment may use (repeatable)
  -k, --keyring-append KEY    public key trusted for those repositories (repeatable)
  --seed NAME=LOCK            locked seed distribution the environment may use (repeatable)
  --signing-key KEY           RSA private key to sign packages and index (default: unsigned)
  --pipeline-dir DIR          workspace pipelines, searched before the built-ins (repeatable)
  --source-dir DIR            copied into the workspace (default: the recipe's directory)
  --empty-workspace           do not copy the source dir
  --cache-dir DIR             source cache, /var/cache/melange in the sandbox (default ./melange-cache/)
  --mirror DIR|URL            pre-filled source cache to try before the network (repeatable)
  --env-file FILE             KEY=VALUE variables for every step (repeatable)
  --namespace NS              purl namespace and package maintainer (default unknown)
  --generate-index BOOL       merge into DIR/<arch>/APKINDEX.tar.gz (default true)
  --store-dir DIR             package store and download cache (default ~/.cache/stagecraft)
  --git-repo-url URL          where the recipe lives, for SBOM and provenance
  --license SPDX              license of the recipe file, for the SBOM (default NOASSERTION)`;

function parseArchs(values: string[]): Arch[] | undefined {
  if (values.length === 0) return undefined;
  const archs = values.flatMap((v) => v.split(',')).map((word) => {
    const w = word.trim();
    const arch = w === 'host' ? hostArch() : ARCH_ALIASES[w];
    if (!arch) throw new UsageError(`unknown architecture "${word}" (known: ${Object.keys(ARCH_ALIASES).join(', ')}, host)`);
    return arch;
  });
  return [...new Set(archs)];
}

function parseSeeds(values: string[]): { name: string; lock: SourceLock }[] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError(`--seed wants NAME=LOCKFILE, got "${v}"`);
    const file = v.slice(at + 1);
    if (!existsSync(file)) throw new UsageError(`--seed ${v}: no such lock file`);
    return { name: v.slice(0, at), lock: JSON.parse(readFileSync(file, 'utf8')) as SourceLock };
  });
}

function parseBool(flag: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`${flag} wants true or false, got "${value}"`);
}

export const buildCommand: Command = {
  name: ['build'],
  summary: 'build a melange recipe into signed APK packages (embedded builder)',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        arch: { type: 'string', multiple: true, default: [] },
        'out-dir': { type: 'string', default: './packages/' },
        'repository-append': { type: 'string', short: 'r', multiple: true, default: [] },
        'keyring-append': { type: 'string', short: 'k', multiple: true, default: [] },
        seed: { type: 'string', multiple: true, default: [] },
        'signing-key': { type: 'string' },
        'pipeline-dir': { type: 'string', multiple: true, default: [] },
        'pipeline-dirs': { type: 'string', multiple: true, default: [] },
        'source-dir': { type: 'string' },
        'empty-workspace': { type: 'boolean', default: false },
        'cache-dir': { type: 'string', default: './melange-cache/' },
        mirror: { type: 'string', multiple: true, default: [] },
        'env-file': { type: 'string', multiple: true, default: [] },
        namespace: { type: 'string', default: 'unknown' },
        'generate-index': { type: 'string', default: 'true' },
        'store-dir': { type: 'string' },
        'git-repo-url': { type: 'string' },
        license: { type: 'string', default: 'NOASSERTION' },
      },
    });
    if (positionals.length > 1) throw new UsageError(`one recipe at a time, got ${positionals.length}`);
    const recipe = positionals[0] ?? DEFAULT_CONFIGS.find((f) => existsSync(f));
    if (!recipe) throw new UsageError(`no recipe named and none of ${DEFAULT_CONFIGS.join(', ')} here`);
    if (!existsSync(recipe)) throw new UsageError(`${recipe}: no such file`);

    const seeds = parseSeeds(values.seed);
    const generateIndex = parseBool('--generate-index', values['generate-index']);
    const archs = parseArchs(values.arch) ?? [...ARCHS];
    const pipelineDirs = [...values['pipeline-dir'], ...values['pipeline-dirs'].flatMap((d) => d.split(','))];
    let built = 0;
    for (const arch of archs) {
      const result = await buildRecipe({
        recipe,
        arch,
        outDir: values['out-dir'],
        repositories: values['repository-append'],
        keyrings: values['keyring-append'],
        seeds,
        signingKey: values['signing-key'],
        pipelineDirs,
        sourceDir: values['source-dir'],
        emptyWorkspace: values['empty-workspace'],
        cacheDir: values['cache-dir'],
        mirrors: values.mirror,
        envFiles: values['env-file'],
        namespace: values.namespace,
        generateIndex,
        storeDir: values['store-dir'],
        gitRepoUrl: values['git-repo-url'],
        license: values.license,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      if (result.skipped) continue;
      built++;
      for (const p of result.packages) process.stdout.write(`${p.file}\n`);
    }
    if (built === 0) process.stderr.write(`nothing to build: the recipe targets none of ${archs.join(', ')}\n`);
    return 0;
  },
};
