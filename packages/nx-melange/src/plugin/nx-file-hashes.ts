/**
 * Nx's own hash of every workspace file, from the workspace context Nx keeps for the graph it
 * is computing (in a plugin worker: the archive its host wrote after walking the tree, which
 * the worker has loaded anyway). content-keys.ts takes a recipe whose hash is unchanged at its
 * remembered key without a stat. Nx's own plugins hash files through this same context; the
 * module is Nx's internal one (what @nx/devkit's hashing helpers sit on), so anything it does
 * not give is answered with undefined, and the keys are then taken by stat.
 */
interface FileData {
  file: string;
  hash: string;
}

export async function nxFileHashes(workspaceRoot: string): Promise<ReadonlyMap<string, string> | undefined> {
  try {
    const { getAllFileDataInContext } = require('nx/src/utils/workspace-context') as {
      getAllFileDataInContext: (root: string) => Promise<FileData[]>;
    };
    const files = await getAllFileDataInContext(workspaceRoot);
    return new Map(files.map(({ file, hash }) => [file, hash]));
  } catch {
    return undefined;
  }
}
