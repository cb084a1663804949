import { parseArgs } from 'node:util';
import { ARCHS, type Arch } from '@stagecraft/melange-config';
import { explainName, findExplanations, loadSeedingWorkspace } from '@stagecraft/nx-melange';
import { type Command, UsageError } from '../command';

const ARCH_ALIASES: Record<string, Arch> = { x86_64: 'x86_64', amd64: 'x86_64', aarch64: 'aarch64', arm64: 'aarch64' };

/**
 * `stagecraft why <project> <name>`: how the project's build environment gets a name, read from
 * the same seeding graph Nx's edges come from. Exit 0 when the name resolves, 1 when it is a
 * problem (no provider, cycle) or the project does not need it, so scripts can test for it.
 */
export const command: Command = {
  name: ['why'],
  summary: "explain where a project's build dependency comes from (source, passed-over sources, cycle redirects)",
  usage: [
    'usage: stagecraft why <project> <name> [--arch x86_64|aarch64] [--json] [--workspace <dir>]',
    '',
    '  <project>  an Nx project of a recipe, e.g. os/curl',
    '  <name>     a build-environment name (openssl-dev), a provided package, or a project (os/openssl)',
    '  --arch     explain one architecture only (aliases amd64, arm64); default: all',
    '  --json     print the matching resolutions and problems as JSON',
    '  --workspace  the workspace root (default: the current directory)',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { arch: { type: 'string' }, json: { type: 'boolean', default: false }, workspace: { type: 'string', default: process.cwd() } },
    });
    if (positionals.length !== 2) throw new UsageError('give a project and a name, e.g. `stagecraft why os/curl openssl`');
    const [project, name] = positionals as [string, string];
    let arch: Arch | undefined;
    if (values.arch !== undefined) {
      arch = ARCH_ALIASES[values.arch];
      if (!arch) throw new UsageError(`unknown architecture "${values.arch}" (known: ${Object.keys(ARCH_ALIASES).join(', ')})`);
    }
    const { graph, errors } = loadSeedingWorkspace(values.workspace, arch ? [arch] : ARCHS);
    for (const error of errors) process.stderr.write(`warning: ${error}\n`);
    const { resolutions, problems } = findExplanations(graph, project, name, arch);
    if (values.json) {
      const listed = problems.map((p) => ({ ...p, error: p.name, message: p.message }));
      process.stdout.write(`${JSON.stringify({ project, name, resolutions, problems: listed }, null, 2)}\n`);
    } else {
      process.stdout.write(explainName(graph, project, name, arch));
    }
    return resolutions.length > 0 && problems.length === 0 ? 0 : 1;
  },
};
