import type { DebContents } from './derive-provides';
import { DebUnpackError } from './unpack-deb';
import { runTool } from './run-tool';

/** The file list and shlibs of a .deb, read without unpacking it. */
export async function readDebContents(debPath: string): Promise<DebContents> {
  const listing = await runTool('dpkg-deb', ['--contents', debPath]);
  if (listing.code !== 0) throw new DebUnpackError(`${debPath}: dpkg-deb --contents failed: ${listing.stderr.trim()}`);
  // `-rwxr-xr-x root/root 1234 2023-01-01 00:00 ./usr/bin/make` or `… ./lib/x -> target`
  const files = listing.stdout
    .split('\n')
    .map((line) => /^\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+\.\/(.*?)(?: -> .*)?$/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined && path !== '');
  const shlibs = await runTool('dpkg-deb', ['--info', debPath, 'shlibs']);
  return { files, shlibs: shlibs.code === 0 ? shlibs.stdout : '' };
}
